using QuicKestrel.Http3.Framing;
using QuicKestrel.Http3.Protocol;
using QuicKestrel.Http3.Quic;
using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Http3;

public sealed partial class Http3Client
{
    // Runs on the connection's worker.
    private static QuicStatus OnConnectionEvent(QuicHandle connection, object? context, ref QuicConnectionEvent evt)
    {
        var client = (Http3Client)context!;
        switch (evt.Type)
        {
            case QuicConnectionEventType.Connected:
                client.SessionResumed = evt.Connected.SessionResumed;
                client._isConnected = true;
                client._connected.TrySetResult();
                break;
            case QuicConnectionEventType.ShutdownInitiatedByTransport:
                client.OnClosing(evt.ShutdownInitiatedByTransport.ErrorCode, evt.ShutdownInitiatedByTransport.Status, byPeer: false);
                break;
            case QuicConnectionEventType.ShutdownInitiatedByPeer:
                client.OnClosing(evt.ShutdownInitiatedByPeer.ErrorCode, QuicStatus.Success, byPeer: true);
                break;
            case QuicConnectionEventType.ShutdownComplete:
                client.OnShutdownComplete();
                break;
            case QuicConnectionEventType.PeerStreamStarted:
                return client.OnPeerStreamStarted(ref evt);
            case QuicConnectionEventType.ResumptionTicketReceived:
                client._resumptionTicket.TrySetResult(evt.ResumptionTicketReceived.ResumptionTicket.ToArray());
                break;
        }
        return QuicStatus.Success;
    }

    private void OnClosing(ulong errorCode, QuicStatus status, bool byPeer)
    {
        Http3Exception reason;
        lock (_gate)
        {
            if (_closeReason is null)
            {
                Http3FailureKind kind = _isConnected ? Http3FailureKind.ConnectionClosed : Http3FailureKind.ConnectFailed;
                string by = byPeer ? "the server" : "the transport";
                _closeReason = new Http3Exception(kind, errorCode, $"The connection was closed by {by} (0x{errorCode:x}, {status}).", status);
            }
            reason = _closeReason;
        }
        if (!_isConnected)
            _connected.TrySetException(new Http3Exception(Http3FailureKind.ConnectFailed, reason.ErrorCode, reason.Message, reason.Status));
    }

    private void OnShutdownComplete()
    {
        OnClosing(0, QuicStatus.Aborted, byPeer: false);
        Http3RequestHandle[] remaining;
        lock (_gate)
            remaining = [.. _requests];
        // Every started stream reported SHUTDOWN_COMPLETE already; this catches any request that never got a stream event.
        foreach (Http3RequestHandle request in remaining)
            request.FailWithConnection(0, closedRemotely: false, QuicStatus.Aborted);
        _shutdownComplete.TrySetResult();
    }

    private QuicStatus OnPeerStreamStarted(ref QuicConnectionEvent evt)
    {
        if ((evt.PeerStreamStarted.Flags & QuicStreamOpenFlags.Unidirectional) == 0)
        {
            // §6.1: clients must treat a server-initiated bidirectional stream as H3_STREAM_CREATION_ERROR.
            FailConnection(Http3ProtocolError.Connection(Http3ErrorCode.StreamCreationError, "server-initiated bidirectional stream"));
            return QuicStatus.InvalidState;
        }
        PeerUniStream.Accept(this, evt.PeerStreamStarted.Stream, _state, this);
        return QuicStatus.Success;
    }

    void IControlStreamHandler.OnSettings(Http3Settings settings) => PeerSettings = settings;

    // §5.2: requests on streams at or above the GOAWAY ID were not and will not be processed.
    void IControlStreamHandler.OnGoAway(ulong id)
    {
        Volatile.Write(ref _goAwayId, (long)id);
        Http3RequestHandle[] affected;
        lock (_gate)
            affected = [.. _requests];
        foreach (Http3RequestHandle request in affected)
            request.OnGoAway(id);
    }
}
