using System.Buffers;
using QuicKestrel.Http3.Framing;
using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Http3;

public sealed partial class Http3RequestHandle
{
    private const int UploadChunkSize = 64 * 1024;
    private const int MaxUploadChunksInFlight = 4;

    private CancellationTokenSource? _uploadStop;
    private SemaphoreSlim? _uploadWindow;

    // Sends HEADERS now, then streams the body as DATA frames from a thread-pool task.
    private void StartUpload(byte[] headersFrame, Stream body, bool early)
    {
        _uploadStop = new CancellationTokenSource();
        _uploadWindow = new SemaphoreSlim(MaxUploadChunksInFlight);
        _sendBuffers = [headersFrame];
        if (Send(_sendBuffers, early ? QuicSendFlags.AllowZeroRtt : QuicSendFlags.None, null))
            _ = Task.Run(() => UploadAsync(body, early));
    }

    private async Task UploadAsync(Stream body, bool early)
    {
        CancellationToken stop = _uploadStop!.Token;
        QuicSendFlags flags = early ? QuicSendFlags.AllowZeroRtt : QuicSendFlags.None;
        try
        {
            while (true)
            {
                await _uploadWindow!.WaitAsync(stop).ConfigureAwait(false);
                var chunk = new UploadChunk();
                int read = await body.ReadAsync(chunk.Payload, stop).ConfigureAwait(false);
                if (read == 0 || !Send(chunk.Seal(read), flags, chunk))
                {
                    chunk.Release();
                    _uploadWindow.Release();
                    if (read != 0)
                        return; // the stream or connection is gone
                    break;
                }
            }
            SendEnd(flags);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The request ended or the send direction was aborted.
        }
        catch (Exception exception)
        {
            Shutdown(QuicStreamShutdownFlags.AbortSend, (ulong)Http3ErrorCode.RequestCancelled);
            Fail(exception);
        }
    }

    private void SendEnd(QuicSendFlags flags)
    {
        QuicBuffer[] last = _request.Trailers is { Count: > 0 } trailers
            ? [Http3FrameWriter.CreateHeadersFrame(_client.Encoder, [.. trailers])]
            : [];
        _finSent = true;
        Send(last, flags | QuicSendFlags.Fin, null);
    }

    private void OnSendComplete(object? context)
    {
        if (context is UploadChunk chunk)
        {
            chunk.Release();
            _uploadWindow!.Release();
        }
    }

    private void StopUpload()
    {
        if (_uploadStop is { IsCancellationRequested: false } stop)
            _ = stop.CancelAsync(); // callbacks run on the thread pool, never on the connection's worker
    }

    // One DATA frame of the upload, in a pooled buffer with room for the frame header before the payload.
    private sealed class UploadChunk
    {
        private const int HeaderRoom = Http3FrameWriter.MaxFrameHeaderLength;
        private readonly byte[] _buffer = ArrayPool<byte>.Shared.Rent(HeaderRoom + UploadChunkSize);
        private readonly QuicBuffer[] _buffers = new QuicBuffer[1];
        private int _released;

        public Memory<byte> Payload => _buffer.AsMemory(HeaderRoom, UploadChunkSize);

        public QuicBuffer[] Seal(int length)
        {
            Span<byte> header = stackalloc byte[HeaderRoom];
            int headerLength = Http3FrameWriter.WriteFrameHeader(header, Http3FrameType.Data, (ulong)length);
            int start = HeaderRoom - headerLength;
            header.Slice(0, headerLength).CopyTo(_buffer.AsSpan(start));
            _buffers[0] = new QuicBuffer(_buffer.AsMemory(start, headerLength + length));
            return _buffers;
        }

        public void Release()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                ArrayPool<byte>.Shared.Return(_buffer);
        }
    }
}
