using QuicKestrel.Http3.Framing;
using QuicKestrel.Http3.Protocol;
using QuicKestrel.Http3.Qpack;
using QuicKestrel.Http3.Quic;
using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Http3.Server;

/// <summary>One accepted connection of the mini server: its control stream, the client's unidirectional streams, and its request streams.</summary>
internal sealed class ServerConnection : IHttp3ConnectionOwner, IControlStreamHandler
{
    public static readonly QuicConnectionCallback Callback = OnEvent;

    private readonly QuicHandle _handle;
    private readonly Http3ConnectionState _state = new(isServer: true);
    private const int MaxCachedHeadersFrames = 64;

    private readonly Stack<SendChunk> _chunks = new();
    private readonly Dictionary<(int, string?, long?), byte[]> _headersFrames = [];
    private readonly Lock _gate = new();
    private LocalControlStream? _control;
    private long _highestRequestId = -1;
    private long _goAwayId = -1;
    private int _activeRequests;
    private volatile bool _closing;
    private QuicHandshakeInfo? _handshakeInfo;
    private bool _resumed;
    private int _requestStreams;
    private int _zeroRttRequestStreams;
    private bool _summaryReported;

    public ServerConnection(Http3Server server, QuicHandle handle)
    {
        Server = server;
        _handle = handle;
        Encoder = new QpackEncoder(server.Options.UseHuffman);
        Decoder = new QpackDecoder(server.Options.MaxFieldSectionSize);
    }

    public Http3Server Server { get; }

    public QuicApiTable Api => Server.Api;

    public QpackEncoder Encoder { get; }

    public QpackDecoder Decoder { get; }

    public bool IsClosing => _closing;

    public int ActiveRequests => Volatile.Read(ref _activeRequests);

    public void FailConnection(Http3ProtocolError error)
    {
        _closing = true;
        Api.ConnectionShutdown(_handle, QuicConnectionShutdownFlags.None, (ulong)error.Code);
    }

    /// <summary>Graceful shutdown, step 1 (§5.2): GOAWAY naming the first request stream that will not be processed.</summary>
    public void SendGoAway()
    {
        long id;
        lock (_gate)
        {
            id = _highestRequestId < 0 ? 0 : _highestRequestId + 4;
            _goAwayId = id;
        }
        _control?.SendGoAway((ulong)id);
    }

    /// <summary>Graceful shutdown, step 2: CONNECTION_CLOSE with H3_NO_ERROR.</summary>
    public void Close(Http3ErrorCode errorCode)
    {
        _closing = true;
        Api.ConnectionShutdown(_handle, QuicConnectionShutdownFlags.None, (ulong)errorCode);
    }

    public SendChunk RentChunk()
    {
        if (!_chunks.TryPop(out SendChunk? chunk))
            chunk = new SendChunk();
        chunk.Length = 0;
        return chunk;
    }

    public void ReturnChunk(SendChunk chunk) => _chunks.Push(chunk);

    /// <summary>A response HEADERS frame, built once per distinct head and reused (worker only; bounded).</summary>
    public byte[] GetHeadersFrame(int status, string? contentType, long? contentLength)
    {
        var key = (status, contentType, contentLength);
        if (_headersFrames.TryGetValue(key, out byte[]? frame))
            return frame;
        frame = ServerRequest.BuildHeadersFrame(Encoder, status, contentType, contentLength);
        if (_headersFrames.Count < MaxCachedHeadersFrames)
            _headersFrames.Add(key, frame);
        return frame;
    }

    public void OnRequestClosed() => Interlocked.Decrement(ref _activeRequests);

    void IControlStreamHandler.OnSettings(Http3Settings settings)
    {
    }

    void IControlStreamHandler.OnGoAway(ulong id)
    {
    }

    // Runs on the connection's worker.
    private static QuicStatus OnEvent(QuicHandle connection, object? context, ref QuicConnectionEvent evt)
    {
        var self = (ServerConnection)context!;
        switch (evt.Type)
        {
            case QuicConnectionEventType.Connected:
                self.OnConnected();
                break;
            case QuicConnectionEventType.ShutdownInitiatedByPeer:
                self._closing = true;
                self.ReportSummary();
                self.Server.Report(new Http3ServerConnectionClosed(evt.ShutdownInitiatedByPeer.ErrorCode, ByPeer: true, QuicStatus.Success));
                break;
            case QuicConnectionEventType.ShutdownInitiatedByTransport:
                self._closing = true;
                self.ReportSummary();
                self.Server.Report(new Http3ServerConnectionClosed(evt.ShutdownInitiatedByTransport.ErrorCode, ByPeer: false, evt.ShutdownInitiatedByTransport.Status));
                break;
            case QuicConnectionEventType.Resumed:
                self._resumed = true;
                break;
            case QuicConnectionEventType.ShutdownComplete:
                self._closing = true;
                self.ReportSummary();
                self.Server.Remove(self);
                if (!evt.ShutdownComplete.AppCloseInProgress)
                    self.Api.ConnectionClose(connection);
                break;
            case QuicConnectionEventType.PeerStreamStarted:
                self.OnPeerStreamStarted(evt.PeerStreamStarted.Stream, evt.PeerStreamStarted.Flags);
                break;
        }
        return QuicStatus.Success;
    }

    private void OnConnected()
    {
        if (Api.GetParam(_handle, QuicParam.TlsHandshakeInfo, out QuicHandshakeInfo info).Succeeded())
            _handshakeInfo = info;
        _control = LocalControlStream.Open(this, _handle, Server.Options.MaxFieldSectionSize, zeroRtt: false);
        if (Server.Options.EnableResumption)
            Api.ConnectionSendResumptionTicket(_handle, QuicSendResumptionFlags.Final, []);
    }

    // Once, when the shutdown begins (the closing period can last three PTOs).
    private void ReportSummary()
    {
        if (_summaryReported)
            return;
        _summaryReported = true;
        Api.GetParam(_handle, QuicParam.ConnStatisticsV2, out QuicStatisticsV2 statistics);
        Server.Report(new Http3ServerConnectionSummary(_handshakeInfo, _resumed, _requestStreams, _zeroRttRequestStreams, statistics));
    }

    private void OnPeerStreamStarted(QuicHandle stream, QuicStreamOpenFlags flags)
    {
        if ((flags & QuicStreamOpenFlags.Unidirectional) != 0)
        {
            PeerUniStream.Accept(this, stream, _state, this);
            return;
        }
        _requestStreams++;
        if ((flags & QuicStreamOpenFlags.ZeroRtt) != 0)
            _zeroRttRequestStreams++;
        Api.GetParam(stream, QuicParam.StreamId, out ulong id);
        var request = new ServerRequest(this, stream, id);
        Api.SetCallbackHandler(stream, ServerRequest.Callback, request);
        Interlocked.Increment(ref _activeRequests);
        bool rejected;
        lock (_gate)
        {
            rejected = _goAwayId >= 0 && (long)id >= _goAwayId;
            if (!rejected)
                _highestRequestId = Math.Max(_highestRequestId, (long)id);
        }
        if (rejected)
            request.Reject();
    }
}
