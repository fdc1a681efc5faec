using QuicKestrel.Protocol.Connection;
using QuicKestrel.Protocol.Streams;

namespace QuicKestrel.Protocol.Api;

// Engine and API-layer events turned into QuicConnectionEvent / QuicStreamEvent callbacks, on the
// worker, in the order they happened. The API layer's own events (START_COMPLETE, SEND_COMPLETE,
// stream shutdowns caused by the connection's) go first: each was caused before any engine event
// still queued could concern the same object.
internal sealed partial class ApiConnection
{
    /// <inheritdoc/>
    public void DeliverEvents(long now)
    {
        UpdateIdealSendBuffer();
        while (!_released)
        {
            if (_apiEvents.TryDequeue(out ApiEvent apiEvent))
                DeliverApiEvent(apiEvent, now);
            else if (Engine is { } engine && engine.PollEvent(out ConnectionEvent engineEvent))
                DeliverEngineEvent(engine, engineEvent, now);
            else if (_datagramStateDirty)
                DeliverDatagramState();
            else
                return;
        }
    }

    /// <summary>
    /// DATAGRAM_STATE_CHANGED once per batch of changes, with the final values: the engine may
    /// report the peer's limit and then the path's in one go, and only the latter is true.
    /// </summary>
    private void DeliverDatagramState()
    {
        _datagramStateDirty = false;
        if (_datagramStateDelivered && _deliveredDatagramEnabled == _datagramSendEnabled && _deliveredDatagramMax == _datagramMaxSendLength)
            return;
        _datagramStateDelivered = true;
        _deliveredDatagramEnabled = _datagramSendEnabled;
        _deliveredDatagramMax = _datagramMaxSendLength;
        _event.Type = QuicConnectionEventType.DatagramStateChanged;
        _event.DatagramStateChanged = new() { SendEnabled = _datagramSendEnabled, MaxSendLength = (ushort)Math.Clamp(_datagramMaxSendLength, 0, ushort.MaxValue) };
        Indicate();
    }

    private void DeliverApiEvent(in ApiEvent e, long now)
    {
        switch (e.Kind)
        {
            case ApiEventKind.StreamStartComplete:
                e.Stream!.DeliverStartComplete(e.Status, e.Flag);
                break;
            case ApiEventKind.StreamSendComplete:
                e.Stream!.DeliverSendComplete(e.Context, e.Flag);
                break;
            case ApiEventKind.StreamShutdownComplete:
                e.Stream!.DeliverShutdownComplete();
                break;
            case ApiEventKind.StreamIdealSendBufferSize:
                e.Stream!.DeliverIdealSendBufferSize(e.Value);
                break;
            case ApiEventKind.StreamReceiveReady:
                e.Stream!.DeliverReceive(now);
                break;
            case ApiEventKind.ConnectionShutdownByTransport:
                _event.Type = QuicConnectionEventType.ShutdownInitiatedByTransport;
                _event.ShutdownInitiatedByTransport = new() { Status = e.Status, ErrorCode = 0 };
                Indicate();
                break;
            case ApiEventKind.ConnectionShutdownComplete:
                DeliverShutdownComplete(handshakeCompleted: false, peerAcknowledged: false);
                break;
            case ApiEventKind.DatagramSendStateChanged:
                _event.Type = QuicConnectionEventType.DatagramSendStateChanged;
                _event.DatagramSendStateChanged = new() { ClientContext = e.Context, State = (QuicDatagramSendState)e.Value };
                Indicate();
                break;
        }
    }

    private void DeliverEngineEvent(QuicConnection engine, in ConnectionEvent e, long now)
    {
        switch (e.Kind)
        {
            case ConnectionEventKind.ServerConfigurationNeeded:
                OnServerConfigurationNeeded(engine, now);
                break;
            case ConnectionEventKind.ResumptionRequested:
                OnResumptionRequested(engine, now);
                break;
            case ConnectionEventKind.PeerCertificateReceived:
                OnPeerCertificateReceived(engine, now);
                break;
            case ConnectionEventKind.Connected:
                OnConnected(engine, e);
                break;
            case ConnectionEventKind.ShutdownInitiatedByTransport:
                OnShutdownByTransport(engine, e);
                break;
            case ConnectionEventKind.ShutdownInitiatedByPeer:
                OnShutdownByPeer(e);
                break;
            case ConnectionEventKind.ShutdownComplete:
                ShutdownStreams(byApp: false, remotely: false, 0, QuicStatus.Aborted);
                DeliverQueuedStreamEvents(now);
                DeliverShutdownComplete(e.Has(ConnectionEventFlags.HandshakeCompleted), e.Has(ConnectionEventFlags.PeerAcknowledgedShutdown));
                break;
            default:
                DeliverFlowEvent(engine, e, now);
                break;
        }
    }

    private void DeliverFlowEvent(QuicConnection engine, in ConnectionEvent e, long now)
    {
        switch (e.Kind)
        {
            case ConnectionEventKind.PeerAddressChanged:
                _event.Type = QuicConnectionEventType.PeerAddressChanged;
                _event.PeerAddressChanged = new() { Address = engine.Path.Remote.ToEndPoint() };
                Indicate();
                break;
            case ConnectionEventKind.PeerStreamStarted:
                OnPeerStreamStarted(e.Stream!, e.Has(ConnectionEventFlags.ZeroRtt), now);
                break;
            case ConnectionEventKind.StreamsAvailable:
                _event.Type = QuicConnectionEventType.StreamsAvailable;
                _event.StreamsAvailable = new() { BidirectionalCount = ClampCount(e.Value), UnidirectionalCount = ClampCount(e.Value2) };
                Indicate();
                break;
            case ConnectionEventKind.PeerNeedsStreams:
                _event.Type = QuicConnectionEventType.PeerNeedsStreams;
                _event.PeerNeedsStreams = new() { Bidirectional = e.Has(ConnectionEventFlags.Bidirectional) };
                Indicate();
                break;
            case ConnectionEventKind.DatagramStateChanged:
                _datagramSendEnabled = e.Has(ConnectionEventFlags.Enabled);
                _datagramMaxSendLength = (int)Math.Clamp(e.Value, 0, int.MaxValue);
                _datagramStateDirty = true;
                break;
            case ConnectionEventKind.DatagramReceived:
                _event.Type = QuicConnectionEventType.DatagramReceived;
                _event.DatagramReceived = new()
                {
                    Buffer = new QuicBuffer(e.Data),
                    Flags = e.Has(ConnectionEventFlags.ZeroRtt) ? QuicReceiveFlags.ZeroRtt : QuicReceiveFlags.None,
                };
                Indicate();
                break;
            case ConnectionEventKind.DatagramSendStateChanged:
                _event.Type = QuicConnectionEventType.DatagramSendStateChanged;
                _event.DatagramSendStateChanged = new() { ClientContext = e.Context, State = (QuicDatagramSendState)e.DatagramState };
                Indicate();
                break;
            case ConnectionEventKind.ResumptionTicketReceived:
                _event.Type = QuicConnectionEventType.ResumptionTicketReceived;
                _event.ResumptionTicketReceived = new() { ResumptionTicket = e.Data };
                Indicate();
                break;
            case ConnectionEventKind.NewTokenReceived:
                if (_serverName is { } name)
                    ApiLibrary.StoreNewToken(name, e.Data.Span);
                break;
            default:
                DeliverStreamEvent(e, now);
                break;
        }
    }

    private void DeliverStreamEvent(in ConnectionEvent e, long now)
    {
        if (e.Kind == ConnectionEventKind.StreamStartComplete)
        {
            (e.Context as ApiStream)?.OnStarted(e.Stream!, now);
            return;
        }
        if (e.Stream?.Owner is not ApiStream stream)
            return;
        switch (e.Kind)
        {
            case ConnectionEventKind.StreamDataAvailable:
                stream.OnDataAvailable(e.Has(ConnectionEventFlags.ZeroRtt), now);
                break;
            case ConnectionEventKind.StreamPeerSendAborted:
                stream.DeliverPeerAborted(QuicStreamEventType.PeerSendAborted, e.ErrorCode);
                break;
            case ConnectionEventKind.StreamPeerReceiveAborted:
                stream.DeliverPeerAborted(QuicStreamEventType.PeerReceiveAborted, e.ErrorCode);
                break;
            case ConnectionEventKind.StreamSendShutdownComplete:
                stream.DeliverSendShutdownComplete(e.Has(ConnectionEventFlags.Enabled));
                break;
            case ConnectionEventKind.StreamSendBufferAvailable:
                stream.PumpSends(now);
                break;
            case ConnectionEventKind.StreamClosed:
                stream.DeliverShutdownComplete();
                break;
        }
    }

    private void OnConnected(QuicConnection engine, in ConnectionEvent e)
    {
        _handshakeCompleted = true;
        if (!IsServer)
        {
            foreach (ApiStream stream in _streams)
                stream.RecordZeroRttLength(engine.Counters.ZeroRttAccepted);
        }
        _event.Type = QuicConnectionEventType.Connected;
        _event.Connected = new()
        {
            SessionResumed = e.Has(ConnectionEventFlags.SessionResumed),
            NegotiatedAlpn = engine.NegotiatedAlpn ?? ReadOnlyMemory<byte>.Empty,
        };
        Indicate();
    }

    private void OnShutdownByTransport(QuicConnection engine, in ConnectionEvent e)
    {
        _shutdownInitiated = true;
        QuicStatus status = TransportStatus(engine, e.Status);
        ShutdownStreams(byApp: false, remotely: false, e.ErrorCode, status);
        _closeStatus = status;
        _closeErrorCode = e.ErrorCode;
        _event.Type = QuicConnectionEventType.ShutdownInitiatedByTransport;
        _event.ShutdownInitiatedByTransport = new() { Status = status, ErrorCode = e.ErrorCode };
        Indicate();
    }

    private void OnShutdownByPeer(in ConnectionEvent e)
    {
        _shutdownInitiated = true;
        ShutdownStreams(byApp: false, remotely: true, e.ErrorCode, QuicStatus.Success);
        _closeErrorCode = e.ErrorCode;
        _event.Type = QuicConnectionEventType.ShutdownInitiatedByPeer;
        _event.ShutdownInitiatedByPeer = new() { ErrorCode = e.ErrorCode };
        Indicate();
    }

    private void DeliverShutdownComplete(bool handshakeCompleted, bool peerAcknowledged)
    {
        if (_shutdownComplete)
            return;
        _shutdownComplete = true;
        _event.Type = QuicConnectionEventType.ShutdownComplete;
        _event.ShutdownComplete = new()
        {
            HandshakeCompleted = handshakeCompleted,
            PeerAcknowledgedShutdown = peerAcknowledged,
            AppCloseInProgress = _appCloseInProgress,
        };
        Indicate();
    }

    /// <summary>Stream events the connection's shutdown queued, delivered before its own SHUTDOWN_COMPLETE.</summary>
    private void DeliverQueuedStreamEvents(long now)
    {
        while (_apiEvents.TryDequeue(out ApiEvent apiEvent))
            DeliverApiEvent(apiEvent, now);
    }

    private static ushort ClampCount(long value) => (ushort)Math.Clamp(value, 0, ushort.MaxValue);

    /// <summary>Calls the application's handler with <see cref="_event"/>; no handler (a server connection not yet accepted) means no call.</summary>
    internal QuicStatus Indicate()
    {
        if (Handle.Handler is not QuicConnectionCallback handler || !HasApplicationOwner || (Handle.IsClosed && !_appCloseInProgress))
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
