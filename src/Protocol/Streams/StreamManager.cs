namespace QuicKestrel.Protocol.Streams;

/// <summary>
/// All streams of one connection and the connection-level stream state: stream ID limits in
/// both directions, connection flow control in both directions, the send scheduler and the
/// control-frame queue, and an event queue for the API layer. Sans-IO and single-threaded:
/// the connection feeds it frame events (StreamManager.Incoming.cs), asks it what to send and
/// reports ACKs and losses (StreamManager.Outgoing.cs); the API layer drives the application
/// side (StreamManager.Application.cs). Nothing here allocates per packet.
/// </summary>
internal sealed partial class StreamManager : IDisposable
{
    private readonly bool _isServer;
    private readonly StreamSettings _settings;
    private readonly Dictionary<long, QuicStream> _streams = new();
    private readonly LocalStreamLimit _localBidi;
    private readonly LocalStreamLimit _localUni;
    private readonly PeerStreamLimit _peerBidi;
    private readonly PeerStreamLimit _peerUni;
    private readonly StreamSendQueue _sendQueue = new();
    private readonly StreamControlQueue _controlQueue = new();
    private readonly EventRing<StreamEvent> _events = new();
    private readonly StreamChunkPool _chunkPool;
    private SendFlowControl _connectionSend;
    private ReceiveFlowControl _connectionReceive;
    private StreamTransportParameters _peerParameters;
    private int _creditFreeCount;
    private int _creditWaiterCount;
    private long _lastNowMicros;

    public StreamManager(bool isServer, StreamSettings settings)
    {
        _isServer = isServer;
        _settings = settings;
        _chunkPool = new StreamChunkPool(settings.BufferPool, settings.InitialChunkSize, settings.RetainedInitialChunks);
        _localBidi = new LocalStreamLimit(StreamId.TypeFor(isServer, bidirectional: true));
        _localUni = new LocalStreamLimit(StreamId.TypeFor(isServer, bidirectional: false));
        _peerBidi = new PeerStreamLimit(StreamId.TypeFor(!isServer, bidirectional: true), settings.PeerBidiStreamCount);
        _peerUni = new PeerStreamLimit(StreamId.TypeFor(!isServer, bidirectional: false), settings.PeerUnidiStreamCount);
        _connectionSend = new SendFlowControl(0);
        _connectionReceive = new ReceiveFlowControl(settings.ConnectionReceiveWindow, settings.MaxConnectionReceiveWindow);
    }

    public bool IsServer => _isServer;

    public StreamSettings Settings => _settings;

    /// <summary>Our stream transport parameters, for the connection to advertise.</summary>
    public StreamTransportParameters LocalParameters => new(
        _settings.ConnectionReceiveWindow,
        _settings.StreamReceiveWindowBidiLocal,
        _settings.StreamReceiveWindowBidiRemote,
        _settings.StreamReceiveWindowUni,
        _peerBidi.Window,
        _peerUni.Window);

    /// <summary>Streams currently open (not yet finished in both directions).</summary>
    public int StreamCount => _streams.Count;

    /// <summary>Open streams; enumerating does not allocate. Do not change streams while enumerating.</summary>
    public Dictionary<long, QuicStream>.ValueCollection Streams => _streams.Values;

    public long ConnectionSendLimit => _connectionSend.Limit;

    public long ConnectionSendCredit => _connectionSend.Available;

    public long ConnectionReceiveLimit => _connectionReceive.Limit;

    public long ConnectionReceiveWindow => _connectionReceive.Window;

    /// <summary>Sum over streams of the highest offset received (what the peer counts against MAX_DATA).</summary>
    public long ConnectionBytesReceived => _connectionReceive.Received;

    public long ConnectionBytesConsumed => _connectionReceive.Consumed;

    /// <summary>The next peer stream index of each type (streams the peer opened so far).</summary>
    public long PeerStreamsOpened(bool bidirectional) => PeerLimit(bidirectional).Opened;

    /// <summary>The MAX_STREAMS limit we currently grant the peer.</summary>
    public long PeerStreamLimitGranted(bool bidirectional) => PeerLimit(bidirectional).Limit;

    public bool TryGetStream(long streamId, out QuicStream stream) => _streams.TryGetValue(streamId, out stream!);

    /// <summary>Returns every buffer to the pool and forgets all streams (connection closed).</summary>
    public void Dispose()
    {
        foreach (QuicStream stream in _streams.Values)
        {
            stream.Send?.ReleaseBuffers();
            stream.Receive?.ReleaseBuffers();
            stream.IsClosed = true;
        }
        _streams.Clear();
        while (_sendQueue.Head is { } s)
            _sendQueue.Remove(s);
        while (_controlQueue.Head is { } c)
            _controlQueue.Remove(c);
        _creditFreeCount = _creditWaiterCount = 0;
        _chunkPool.Clear();
    }

    private LocalStreamLimit LocalLimit(bool bidirectional) => bidirectional ? _localBidi : _localUni;

    private PeerStreamLimit PeerLimit(bool bidirectional) => bidirectional ? _peerBidi : _peerUni;

    private QuicStream CreateStream(long id)
    {
        StreamChunkPool pool = _chunkPool;
        SendStream? send = StreamId.CanSend(id, _isServer)
            ? new SendStream(new ChunkRing(pool, _settings.ChunkSize), InitialSendCredit(id), _settings.SendBufferLimit)
            : null;
        ReceiveStream? receive = StreamId.CanReceive(id, _isServer)
            ? new ReceiveStream(new ChunkRing(pool, _settings.ChunkSize), InitialReceiveWindow(id), _settings.MaxStreamReceiveWindow)
            : null;
        var stream = new QuicStream(id, _isServer, send, receive);
        _streams.Add(id, stream);
        return stream;
    }

    // RFC 9000 §18.2: the peer's bidi_local applies to streams it opens, bidi_remote to ours.
    private long InitialSendCredit(long id)
    {
        if (StreamId.IsUnidirectional(id))
            return _peerParameters.InitialMaxStreamDataUni;
        return StreamId.IsLocal(id, _isServer)
            ? _peerParameters.InitialMaxStreamDataBidiRemote
            : _peerParameters.InitialMaxStreamDataBidiLocal;
    }

    private long InitialReceiveWindow(long id)
    {
        if (StreamId.IsUnidirectional(id))
            return _settings.StreamReceiveWindowUni;
        return StreamId.IsLocal(id, _isServer)
            ? _settings.StreamReceiveWindowBidiLocal
            : _settings.StreamReceiveWindowBidiRemote;
    }

    /// <summary>Re-evaluates a stream's queue membership, then closes it if both directions are finished.</summary>
    private void Refresh(QuicStream stream)
    {
        UpdateQueues(stream);
        TryClose(stream);
    }

    private void UpdateQueues(QuicStream stream)
    {
        if (stream.IsClosed)
            return;
        SendStream? send = stream.Send;
        ReceiveStream? receive = stream.Receive;
        bool creditFree = send is not null && send.CanSendWithoutCredit;
        bool waiter = send is not null && send.WantsConnectionCredit;
        SetSchedulingFlags(stream, creditFree, waiter);
        if (creditFree || waiter)
            _sendQueue.Enqueue(stream);
        else
            _sendQueue.Remove(stream);
        bool control = send is not null && (send.ResetPending || send.NeedsBlockedSignal)
            || receive is not null && (receive.StopSendingPending || receive.MaxStreamDataPending);
        if (control)
            _controlQueue.Enqueue(stream);
        else
            _controlQueue.Remove(stream);
    }

    private void SetSchedulingFlags(QuicStream stream, bool creditFree, bool waiter)
    {
        if (stream.CountedCreditFree != creditFree)
        {
            _creditFreeCount += creditFree ? 1 : -1;
            stream.CountedCreditFree = creditFree;
        }
        if (stream.CountedCreditWaiter != waiter)
        {
            _creditWaiterCount += waiter ? 1 : -1;
            stream.CountedCreditWaiter = waiter;
        }
    }

    private void TryClose(QuicStream stream)
    {
        if (stream.IsClosed)
            return;
        if (stream.Send is { IsTerminal: false } || stream.Receive is { IsTerminal: false })
            return;
        SetSchedulingFlags(stream, false, false);
        _sendQueue.Remove(stream);
        _controlQueue.Remove(stream);
        _streams.Remove(stream.Id);
        stream.IsClosed = true;
        stream.Send?.ReleaseBuffers();
        stream.Receive?.ReleaseBuffers();
        Emit(StreamEventKind.StreamClosed, stream);
        if (!stream.IsLocal && (!stream.DelayIdCreditRelease || stream.IsReleased))
            ReturnPeerCredit(stream);
    }

    private void ReturnPeerCredit(QuicStream stream)
    {
        if (stream.CreditReturned)
            return;
        stream.CreditReturned = true;
        PeerLimit(stream.IsBidirectional).Release();
    }

    // Connection credit for bytes nobody will read (reset, aborted reads): returned at once.
    private void ReleaseConnectionCredit(long bytes)
    {
        if (bytes > 0)
            _connectionReceive.OnConsumed(bytes, _lastNowMicros, 0);
    }

    private void Emit(StreamEventKind kind, QuicStream? stream, ulong errorCode = 0, bool flag = false) =>
        _events.Enqueue(new StreamEvent(kind, stream, errorCode, flag));
}
