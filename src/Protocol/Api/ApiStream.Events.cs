namespace QuicKestrel.Protocol.Api;

// Stream events to the application's callback, from the connection's event loop.
internal sealed partial class ApiStream
{
    private bool _appCloseInProgress;
    private bool _connectionShutdown;
    private bool _refused;
    // Read by StreamClose on the application's thread: a close after it need not wait for the worker.
    private volatile bool _shutdownCompleteDelivered;

    /// <summary>A peer stream is accepted once PEER_STREAM_STARTED set a handler; our own streams always are.</summary>
    public bool IsAccepted => !_refused && Handle.Handler is not null;

    /// <summary>PEER_STREAM_STARTED was refused: the stack closes the stream and tells the application nothing more.</summary>
    internal void Refuse()
    {
        _refused = true;
        Phase = StreamPhase.Finished;
        Handle.IsClosed = true;
    }

    internal void DeliverStartComplete(QuicStatus status, bool peerAccepted)
    {
        _event.Type = QuicStreamEventType.StartComplete;
        _event.StartComplete = new() { Status = status, ID = status.Succeeded() ? (ulong)Id : 0, PeerAccepted = peerAccepted };
        Indicate();
    }

    internal void DeliverSendComplete(object? context, bool canceled)
    {
        _event.Type = QuicStreamEventType.SendComplete;
        _event.SendComplete = new() { Canceled = canceled, ClientContext = context };
        Indicate();
    }

    internal void DeliverPeerAborted(QuicStreamEventType type, ulong errorCode)
    {
        if (Phase != StreamPhase.Started)
            return;
        if (type == QuicStreamEventType.PeerReceiveAborted)
            CancelSends(deliver: true);
        _event.Type = type;
        if (type == QuicStreamEventType.PeerSendAborted)
            _event.PeerSendAborted = new() { ErrorCode = errorCode };
        else
            _event.PeerReceiveAborted = new() { ErrorCode = errorCode };
        Indicate();
    }

    internal void DeliverSendShutdownComplete(bool graceful)
    {
        if (Phase != StreamPhase.Started)
            return;
        _event.Type = QuicStreamEventType.SendShutdownComplete;
        _event.SendShutdownComplete = new() { Graceful = graceful };
        Indicate();
    }

    internal void DeliverIdealSendBufferSize(ulong bytes)
    {
        if (Phase != StreamPhase.Started)
            return;
        _event.Type = QuicStreamEventType.IdealSendBufferSize;
        _event.IdealSendBufferSize = new() { ByteCount = bytes };
        Indicate();
    }

    /// <summary>The connection is shutting down: SHUTDOWN_COMPLETE (or, before the ID, a failed START_COMPLETE).</summary>
    internal void OnConnectionShutdown()
    {
        if (Phase == StreamPhase.Starting)
        {
            OnConnectionShutdownBeforeStart();
            return;
        }
        if (Phase != StreamPhase.Started || _shutdownCompleteDelivered)
            return;
        _connectionShutdown = true;
        CancelSends(deliver: true);
        Connection.QueueEvent(new ApiEvent(ApiEventKind.StreamShutdownComplete, this));
    }

    /// <summary>Both directions are done: SHUTDOWN_COMPLETE, always the stream's last event.</summary>
    internal void DeliverShutdownComplete()
    {
        if (_shutdownCompleteDelivered || !IsAccepted && !_appCloseInProgress)
            return;
        if (_finConsumed && !_peerSendShutdownDelivered && !_connectionShutdown)
            DeliverPeerSendShutdown();
        _shutdownCompleteDelivered = true;
        Phase = StreamPhase.Finished;
        Connection.ForgetStream(this);
        ConnectionShutdownInfo info = Connection.ShutdownInfo;
        _event.Type = QuicStreamEventType.ShutdownComplete;
        _event.ShutdownComplete = new()
        {
            ConnectionShutdown = _connectionShutdown,
            AppCloseInProgress = _appCloseInProgress,
            ConnectionShutdownByApp = _connectionShutdown && info.ByApp,
            ConnectionClosedRemotely = _connectionShutdown && info.Remotely,
            ConnectionErrorCode = _connectionShutdown ? info.ErrorCode : 0,
            ConnectionCloseStatus = _connectionShutdown ? info.Status : QuicStatus.Success,
        };
        Indicate();
    }

    /// <summary>Calls the application's handler with <see cref="_event"/> (nothing after StreamClose, except its own SHUTDOWN_COMPLETE).</summary>
    private QuicStatus Indicate()
    {
        if (Handle.Handler is not QuicStreamCallback handler || _refused || (Handle.IsClosed && !_appCloseInProgress))
            return QuicStatus.Success;
        try
        {
            return handler(Handle, Handle.Context, ref _event);
        }
        catch (Exception exception)
        {
            ApiLibrary.ReportCallbackException(exception);
            return QuicStatus.InternalError;
        }
    }
}
