using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Transport.Internal;

/// <summary>
/// The send side: a loop reads the output pipe and hands each read to StreamSend, the FIN
/// riding with the last data when Kestrel completes the pipe. The pipe's bytes must stay put
/// until SEND_COMPLETE, so the loop waits for it before advancing (a reusable value-task
/// source, no allocation per send) and then continues on the worker, inside that callback. A STOP_SENDING from the peer aborts the send side and ends
/// the loop with a <see cref="ConnectionResetException"/>, which Kestrel's next flush observes.
/// </summary>
internal sealed partial class QuicStreamContext
{
    private readonly SendCompletionSource _sendCompletion = new();
    private QuicBuffer[] _sendBuffers = new QuicBuffer[4];
    private Exception? _sendAbortReason;
    private bool _sentFin;

    private void ResetSendState()
    {
        _sendAbortReason = null;
        _sentFin = false;
        _sendCompletion.Reset();
    }

    private async Task SendLoopAsync()
    {
        PipeReader output = _output.Reader;
        Exception? error = null;
        try
        {
            while (true)
            {
                ReadResult result = await output.ReadAsync().ConfigureAwait(false);
                ReadOnlySequence<byte> buffer = result.Buffer;
                if (result.IsCanceled || !await SendAsync(buffer, result.IsCompleted).ConfigureAwait(false))
                {
                    error = SendAbortReason();
                    break;
                }
                output.AdvanceTo(buffer.End);
                if (result.IsCompleted)
                    break;
            }
        }
        catch (Exception ex)
        {
            // Kestrel completed the output with an error: reset the stream instead of ending it.
            error = ex;
            AbortSendAfterError();
        }
        finally
        {
            await output.CompleteAsync(error).ConfigureAwait(false);
        }
    }

    private async ValueTask<bool> SendAsync(ReadOnlySequence<byte> buffer, bool fin)
    {
        QuicApiTable api = _connection.Transport.Api;
        if (buffer.IsEmpty)
        {
            if (!fin)
                return true;
            MarkFinSent();
            return api.StreamShutdown(_handle, QuicStreamShutdownFlags.Graceful, 0).Succeeded();
        }
        int count = FillSendBuffers(buffer);
        _sendCompletion.Reset();
        if (fin)
            MarkFinSent();
        QuicStatus status = api.StreamSend(_handle, _sendBuffers.AsMemory(0, count), fin ? QuicSendFlags.Fin : QuicSendFlags.None, null);
        if (status.Failed())
            return false;
        bool sent = await _sendCompletion.Task.ConfigureAwait(false);
        Array.Clear(_sendBuffers, 0, count); // do not keep pipe memory reachable
        return sent;
    }

    private int FillSendBuffers(in ReadOnlySequence<byte> buffer)
    {
        int count = 0;
        foreach (ReadOnlyMemory<byte> segment in buffer)
        {
            if (segment.IsEmpty)
                continue;
            if (count == _sendBuffers.Length)
                Array.Resize(ref _sendBuffers, count * 2);
            _sendBuffers[count++] = new QuicBuffer(segment);
        }
        return count;
    }

    private void MarkFinSent()
    {
        lock (_gate)
            _sentFin = true;
    }

    private Exception SendAbortReason()
    {
        lock (_gate)
        {
            _sentFin = false;
            return _sendAbortReason ??= new ConnectionAbortedException("The QUIC stream's send side was aborted.");
        }
    }

    private void AbortSendAfterError()
    {
        long errorCode;
        lock (_gate)
        {
            _sentFin = false;
            errorCode = _error ?? _connection.Transport.Options.DefaultStreamErrorCode;
        }
        _connection.Transport.Api.StreamShutdown(_handle, QuicStreamShutdownFlags.AbortSend, (ulong)errorCode);
    }

    private void OnPeerReceiveAborted(ulong errorCode)
    {
        lock (_gate)
        {
            _error = (long)errorCode;
            _peerAborted = true;
            _sendAbortReason ??= new ConnectionResetException($"The peer stopped reading the stream (STOP_SENDING) with application error code 0x{errorCode:x}.");
        }
        TransportLog.StreamResetByPeer(_connection.Transport.Logger, ConnectionId, (long)errorCode);
        // RFC 9000 §3.5: answer STOP_SENDING with RESET_STREAM (repeating a shutdown does nothing).
        _connection.Transport.Api.StreamShutdown(_handle, QuicStreamShutdownFlags.AbortSend, errorCode);
        _output.Reader.CancelPendingRead();
        FireStreamClosed();
    }
}
