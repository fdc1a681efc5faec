using QuicKestrel.Protocol.Streams;

namespace QuicKestrel.Protocol.Api;

/// <summary>Where a stream is in MsQuic's life cycle.</summary>
internal enum StreamPhase : byte
{
    /// <summary>StreamOpen: allocated, no ID, no events.</summary>
    Opened,
    /// <summary>StreamStart was called; waiting for the connection's engine or the peer's stream limit.</summary>
    Starting,
    /// <summary>Has its ID; events flow.</summary>
    Started,
    /// <summary>SHUTDOWN_COMPLETE was delivered, or the start failed: no more events.</summary>
    Finished,
}

/// <summary>
/// A stream (MsQuic's QUIC_STREAM): the API object over an engine <see cref="QuicStream"/>, which
/// exists only once the stream has started (StreamOpen assigns no ID). Everything here runs on
/// the connection's worker except the synchronous argument and state checks of the API calls.
/// The partial files hold the start, sending, receiving and event delivery.
/// </summary>
internal sealed partial class ApiStream : ApiObject
{
    private readonly Lock _apiGate = new();
    private bool _startCalled;
    private bool _closeCalled;
    private bool _sendClosed;
    private QuicStreamEvent _event;

    public ApiStream(ApiConnection connection, QuicStreamOpenFlags flags, QuicStreamCallback? handler, object? context, QuicStream? engine = null)
        : base(QuicHandleKind.Stream, context)
    {
        Connection = connection;
        OpenFlags = flags;
        Handle.Handler = handler;
        IsLocal = engine is null;
        if (engine is not null)
        {
            Engine = engine;
            engine.Owner = this;
            Phase = StreamPhase.Started;
            _startCalled = true;
        }
    }

    public ApiConnection Connection { get; }

    public QuicStreamOpenFlags OpenFlags { get; private set; }

    public bool IsLocal { get; }

    public bool IsUnidirectional => (OpenFlags & QuicStreamOpenFlags.Unidirectional) != 0;

    /// <summary>True when we may send on it: bidirectional, or our own unidirectional stream.</summary>
    public bool CanSend => !IsUnidirectional || IsLocal;

    /// <summary>The engine stream, from the start on (worker only).</summary>
    public QuicStream? Engine { get; private set; }

    public StreamPhase Phase { get; private set; }

    /// <summary>The stream ID once started (QUIC_PARAM_STREAM_ID).</summary>
    public long Id => Engine?.Id ?? -1;

    /// <summary>The last IDEAL_SEND_BUFFER_SIZE indicated.</summary>
    public ulong IdealSendBufferSize { get; private set; }

    /// <summary>Bytes of this stream sent in 0-RTT packets (QUIC_PARAM_STREAM_0RTT_LENGTH).</summary>
    public ulong ZeroRttLength { get; private set; }

    /// <summary>StreamStart's synchronous part: once per stream.</summary>
    public QuicStatus Start(QuicStreamStartFlags flags)
    {
        lock (_apiGate)
        {
            if (_startCalled || _closeCalled)
                return QuicStatus.InvalidState;
            _startCalled = true;
        }
        return Connection.Post(ApiOperation.StreamStart, (int)flags, state: this) ? QuicStatus.Pending : QuicStatus.Aborted;
    }

    /// <summary>PEER_STREAM_STARTED: the application may OR in DELAY_ID_FC_UPDATES.</summary>
    internal void AcceptPeerFlags(QuicStreamOpenFlags flags)
    {
        OpenFlags = flags;
        if ((flags & QuicStreamOpenFlags.DelayIdFcUpdates) != 0 && Engine is { } engine)
            engine.DelayIdCreditRelease = true;
    }

    /// <summary>
    /// StreamClose: a live stream is aborted (its SHUTDOWN_COMPLETE, with AppCloseInProgress,
    /// comes before this returns); its ID credit goes back to the peer; the handle is gone.
    /// </summary>
    public void Close()
    {
        lock (_apiGate)
        {
            if (_closeCalled)
                return;
            _closeCalled = true;
        }
        if (_shutdownCompleteDelivered)
        {
            // MsQuic does not block here either: no event can follow SHUTDOWN_COMPLETE, so the
            // handle is dead at once and the worker only releases the stream (and returns the
            // peer's ID credit) when it gets to the queued close.
            Handle.IsClosed = true;
            Connection.Post(ApiOperation.StreamClose, state: this);
            return;
        }
        if (!Connection.Invoke(CloseOnWorker))
            Handle.IsClosed = true;
    }

    /// <summary>The queued part of a close after SHUTDOWN_COMPLETE (the handle is already closed).</summary>
    internal void ExecuteClose(long now) => CloseOnWorker(now);

    private void CloseOnWorker(long now)
    {
        if (Phase == StreamPhase.Started)
        {
            _appCloseInProgress = true;
            CancelSends(deliver: false);
            DeliverShutdownComplete();
        }
        // Aborts what is still open (error 0) and returns the peer's ID credit (DELAY_ID_FC_UPDATES).
        if (Engine is { } stream && Connection.Engine is { } owner)
            owner.ReleaseStream(stream, 0, now);
        Phase = StreamPhase.Finished;
        Handle.IsClosed = true;
        Connection.ForgetStream(this);
    }
}
