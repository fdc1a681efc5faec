using QuicKestrel.Http3.Protocol;
using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Http3.Server;

/// <summary>
/// One request stream of the mini server: reads the request with <see cref="Http3MessageReader"/>,
/// routes it on its headers (<see cref="ServerRoute"/>) and writes the response, all from the
/// connection's callbacks. Generated and echoed content goes out in pooled chunks, at most
/// <see cref="MaxChunksInFlight"/> unconfirmed at a time, with the FIN on the last DATA frame.
/// </summary>
internal sealed partial class ServerRequest : IBodySink
{
    public static readonly QuicStreamCallback Callback = OnEvent;

    private const int MaxChunksInFlight = 8;

    private readonly ServerConnection _connection;
    private readonly QuicHandle _stream;
    private readonly Http3MessageReader _reader;
    private IBodySink _sink = DiscardBodySink.Instance;
    private bool _failed;
    private bool _requestDone;
    private int _chunksInFlight;
    private long _bytesInFlight;
    private int _closed;

    public ServerRequest(ServerConnection connection, QuicHandle stream, ulong id)
    {
        _connection = connection;
        _stream = stream;
        Id = id;
        _reader = new Http3MessageReader(isRequest: true, connection.Decoder);
    }

    public ulong Id { get; }

    private QuicApiTable Api => _connection.Api;

    int IBodySink.Write(ReadOnlySpan<byte> data) => _sink.Write(data);

    // Runs on the connection's worker.
    private static QuicStatus OnEvent(QuicHandle stream, object? context, ref QuicStreamEvent evt)
    {
        var self = (ServerRequest)context!;
        switch (evt.Type)
        {
            case QuicStreamEventType.Receive:
                self.OnReceive(ref evt);
                break;
            case QuicStreamEventType.PeerSendShutdown:
                self.OnRequestFinished();
                break;
            case QuicStreamEventType.SendComplete:
                self.OnSendComplete(evt.SendComplete.ClientContext);
                break;
            case QuicStreamEventType.PeerSendAborted:
                self.OnPeerReset(evt.PeerSendAborted.ErrorCode);
                break;
            case QuicStreamEventType.PeerReceiveAborted:
                self.OnPeerStopSending(evt.PeerReceiveAborted.ErrorCode);
                break;
            case QuicStreamEventType.ShutdownComplete:
                self.OnShutdownComplete();
                break;
        }
        return QuicStatus.Success;
    }

    /// <summary>Refuses a stream that arrived after GOAWAY (§5.2): H3_REQUEST_REJECTED both ways.</summary>
    public void Reject()
    {
        _failed = true;
        Shutdown(QuicStreamShutdownFlags.Abort, (ulong)Http3ErrorCode.RequestRejected);
    }

    private void OnReceive(ref QuicStreamEvent evt)
    {
        if (_failed || _requestDone)
            return;
        ReadOnlySpan<QuicBuffer> buffers = evt.Receive.Buffers.Span;
        ulong consumed = 0;
        bool paused = false;
        for (int i = 0; i < (int)evt.Receive.BufferCount && !paused && !_failed; i++)
        {
            int used = Parse(buffers[i].Span, out paused);
            consumed += (ulong)used;
        }
        if (_failed)
            return;
        if (paused)
            evt.Receive.TotalBufferLength = consumed;
        else if ((evt.Receive.Flags & QuicReceiveFlags.Fin) != 0)
            OnRequestFinished();
        if (!_requestDone)
            FlushEcho(fin: false);
    }

    private int Parse(ReadOnlySpan<byte> data, out bool paused)
    {
        paused = false;
        int offset = 0;
        while (true)
        {
            MessageReadStatus status = _reader.Read(data.Slice(offset), this, out int used, out Http3ProtocolError error);
            offset += used;
            switch (status)
            {
                case MessageReadStatus.NeedMoreData:
                    return offset;
                case MessageReadStatus.HeadersReceived:
                    OnHeadersReceived();
                    if (_failed)
                        return offset;
                    continue;
                case MessageReadStatus.Paused:
                    paused = true;
                    return offset;
                default:
                    OnProtocolError(error);
                    return offset;
            }
        }
    }

    private void OnRequestFinished()
    {
        if (_failed || _requestDone)
            return;
        if (!_reader.TryFinish(out Http3ProtocolError error))
        {
            OnProtocolError(error);
            return;
        }
        _requestDone = true;
        if (_echo)
            FlushEcho(fin: true);
    }

    private void OnProtocolError(Http3ProtocolError error)
    {
        _failed = true;
        _connection.Server.Report(new Http3ServerStreamEvent(Id, Http3ServerStreamEventKind.ProtocolError, (ulong)error.Code));
        if (error.IsConnectionError)
            _connection.FailConnection(error);
        else
            Shutdown(QuicStreamShutdownFlags.Abort, (ulong)error.Code);
    }

    private void OnPeerReset(ulong errorCode)
    {
        _connection.Server.Report(new Http3ServerStreamEvent(Id, Http3ServerStreamEventKind.PeerReset, errorCode));
        bool wasDone = _requestDone;
        _failed = true;
        // §4.1.2: a request stream that ends without a complete request gets H3_REQUEST_INCOMPLETE.
        if (!wasDone)
        {
            _generating = false;
            Shutdown(QuicStreamShutdownFlags.Abort, (ulong)Http3ErrorCode.RequestIncomplete);
        }
    }

    private void OnPeerStopSending(ulong errorCode)
    {
        _connection.Server.Report(new Http3ServerStreamEvent(Id, Http3ServerStreamEventKind.PeerStopSending, errorCode));
        _generating = false;
        _echo = false;
        // Answer STOP_SENDING with RESET_STREAM carrying its code, even when a FIN is already queued.
        Shutdown(QuicStreamShutdownFlags.AbortSend, errorCode);
    }

    private void OnSendComplete(object? context)
    {
        if (context is not SendChunk chunk)
            return;
        _chunksInFlight--;
        _bytesInFlight -= chunk.Length;
        _connection.ReturnChunk(chunk);
        if (_generating)
            Pump();
        ResumeEchoIfDrained();
    }

    private void OnShutdownComplete()
    {
        _generating = false;
        if (_echoChunk is { } pending)
        {
            _echoChunk = null;
            _connection.ReturnChunk(pending);
        }
        Interlocked.Exchange(ref _closed, 1);
        Api.StreamClose(_stream);
        _connection.OnRequestClosed();
    }

    private bool SendData(QuicBuffer[] buffers, bool fin, SendChunk? chunk)
    {
        QuicStatus status = Api.StreamSend(_stream, buffers, fin ? QuicSendFlags.Fin : QuicSendFlags.None, chunk);
        if (status.Failed())
        {
            if (chunk is not null)
                _connection.ReturnChunk(chunk);
            return false;
        }
        if (chunk is not null)
        {
            _chunksInFlight++;
            _bytesInFlight += chunk.Length;
        }
        return true;
    }

    private void Shutdown(QuicStreamShutdownFlags flags, ulong errorCode)
    {
        if (Volatile.Read(ref _closed) == 0)
            Api.StreamShutdown(_stream, flags, errorCode);
    }
}
