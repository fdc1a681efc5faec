using System.Globalization;
using QuicKestrel.Http3.Framing;
using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Http3.Server;

internal sealed partial class ServerRequest
{
    private const long EchoPauseBytes = 1 << 20;

    private ulong _total;
    private ulong _sent;
    private bool _generating;
    private byte[]? _pendingHeaders;
    private bool _echo;
    private bool _echoPaused;
    private SendChunk? _echoChunk;

    private void OnHeadersReceived()
    {
        _connection.Server.CountRequest();
        string method = _reader.Request.Method;
        bool head = method == "HEAD";
        if (!ServerRoute.TryParse(_reader.Request.Path ?? "", out ServerRoute route))
        {
            RespondWhole(404, "text/plain", "not found"u8.ToArray(), head);
            return;
        }
        switch (route.Kind)
        {
            case RouteKind.Bytes:
                StartGenerated(route.Number, head);
                break;
            case RouteKind.Echo:
                StartEcho();
                break;
            case RouteKind.Reset:
                _failed = true;
                Shutdown(QuicStreamShutdownFlags.Abort, route.Number);
                break;
            case RouteKind.Stop:
                StopReading(route.Number, head);
                break;
            case RouteKind.Delay:
                RespondLater((int)route.Number, head);
                break;
            default:
                ServeContent(route.Name, method, head);
                break;
        }
    }

    private void ServeContent(string name, string method, bool head)
    {
        if (method is not ("GET" or "HEAD"))
        {
            RespondWhole(405, "text/plain", "method not allowed"u8.ToArray(), head);
            return;
        }
        if (_connection.Server.GetContent(name) is { } content)
            RespondWhole(200, "application/octet-stream", content, head);
        else
            RespondWhole(404, "text/plain", "not found"u8.ToArray(), head);
    }

    // §4.1.1: with H3_NO_ERROR the client may stop sending and still gets a complete response.
    private void StopReading(ulong errorCode, bool head)
    {
        if (errorCode != (ulong)Http3ErrorCode.NoError)
        {
            _failed = true;
            Shutdown(QuicStreamShutdownFlags.Abort, errorCode);
            return;
        }
        _requestDone = true;
        Shutdown(QuicStreamShutdownFlags.AbortReceive, errorCode);
        RespondWhole(200, "text/plain", "stopped"u8.ToArray(), head);
    }

    // HEADERS frames are immutable once built, so the connection reuses them (see ServerConnection.GetHeadersFrame).
    private byte[] CreateHeaders(int status, string? contentType, long? contentLength) =>
        _connection.GetHeadersFrame(status, contentType, contentLength);

    internal static byte[] BuildHeadersFrame(Qpack.QpackEncoder encoder, int status, string? contentType, long? contentLength)
    {
        var fields = new List<Http3Field>(3) { new(":status", status.ToString(CultureInfo.InvariantCulture)) };
        if (contentType is not null)
            fields.Add(new("content-type", contentType));
        if (contentLength is long length)
            fields.Add(new("content-length", length.ToString(CultureInfo.InvariantCulture)));
        return Http3FrameWriter.CreateHeadersFrame(encoder, [.. fields]);
    }

    // HEADERS and all content in one send, FIN included; the content is not copied here.
    private void RespondWhole(int status, string contentType, ReadOnlyMemory<byte> content, bool head)
    {
        byte[] headers = CreateHeaders(status, contentType, content.Length);
        SendData(BuildWhole(headers, head ? default : content), fin: true, chunk: null);
    }

    private static QuicBuffer[] BuildWhole(byte[] headers, ReadOnlyMemory<byte> content)
    {
        if (content.IsEmpty)
            return [headers];
        var dataHeader = new byte[Http3FrameWriter.GetFrameHeaderLength(Http3FrameType.Data, (ulong)content.Length)];
        Http3FrameWriter.WriteFrameHeader(dataHeader, Http3FrameType.Data, (ulong)content.Length);
        return [headers, dataHeader, new QuicBuffer(content)];
    }

    private void RespondLater(int delayMs, bool head)
    {
        QuicBuffer[] response = BuildWhole(CreateHeaders(200, "text/plain", 7), head ? default : "delayed"u8.ToArray());
        _ = SendAfterAsync(delayMs, response);
    }

    // The only send made off the worker: the API queues it to the connection's worker.
    private async Task SendAfterAsync(int delayMs, QuicBuffer[] response)
    {
        await Task.Delay(delayMs).ConfigureAwait(false);
        if (Volatile.Read(ref _closed) == 0)
            Api.StreamSend(_stream, response, QuicSendFlags.Fin, null);
    }

    private void StartGenerated(ulong length, bool head)
    {
        byte[] headers = CreateHeaders(200, "application/octet-stream", (long)length);
        if (length == 0 || head)
        {
            SendData([headers], fin: true, chunk: null);
            return;
        }
        _total = length;
        _sent = 0;
        _pendingHeaders = headers;
        _generating = true;
        Pump();
    }

    private void Pump()
    {
        while (_generating && _chunksInFlight < MaxChunksInFlight && _sent < _total)
        {
            SendChunk chunk = _connection.RentChunk();
            int length = (int)Math.Min((ulong)SendChunk.PayloadSize, _total - _sent);
            DeterministicContent.Fill((long)_sent, chunk.Payload.Slice(0, length));
            chunk.Length = length;
            _sent += (ulong)length;
            QuicBuffer[] buffers = chunk.Seal(_pendingHeaders);
            _pendingHeaders = null;
            if (!SendData(buffers, fin: _sent == _total, chunk))
                _generating = false;
        }
        if (_sent == _total)
            _generating = false;
    }

    private void StartEcho()
    {
        long? length = _reader.ContentLength;
        SendData([CreateHeaders(200, "application/octet-stream", length)], fin: false, chunk: null);
        _echo = true;
        _sink = new EchoSink(this);
    }

    private int Echo(ReadOnlySpan<byte> data)
    {
        if (!_echo)
            return data.Length; // the client stopped reading: drop
        if (_bytesInFlight >= EchoPauseBytes)
        {
            _echoPaused = true;
            return 0;
        }
        int taken = 0;
        while (taken < data.Length)
        {
            _echoChunk ??= _connection.RentChunk();
            int length = Math.Min(_echoChunk.Free, data.Length - taken);
            data.Slice(taken, length).CopyTo(_echoChunk.Payload.Slice(_echoChunk.Length));
            _echoChunk.Length += length;
            taken += length;
            if (_echoChunk.Free == 0)
                FlushEcho(fin: false);
        }
        return taken;
    }

    // Sends the pending echo chunk; with fin, the FIN rides on it (or on an empty send when nothing is pending).
    private void FlushEcho(bool fin)
    {
        if (!_echo)
            return;
        SendChunk? chunk = _echoChunk;
        _echoChunk = null;
        if (chunk is { Length: > 0 })
            SendData(chunk.Seal(null), fin, chunk);
        else
        {
            if (chunk is not null)
                _connection.ReturnChunk(chunk);
            if (fin)
                SendData([], fin: true, chunk: null);
        }
    }

    private void ResumeEchoIfDrained()
    {
        if (_echoPaused && _bytesInFlight < EchoPauseBytes / 2 && Volatile.Read(ref _closed) == 0)
        {
            _echoPaused = false;
            Api.StreamReceiveSetEnabled(_stream, true);
        }
    }

    private sealed class EchoSink(ServerRequest owner) : Protocol.IBodySink
    {
        public int Write(ReadOnlySpan<byte> data) => owner.Echo(data);
    }
}
