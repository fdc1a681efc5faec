using QuicKestrel.Protocol.Tls;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Connection;

// Closing (RFC 9000 §10): an immediate close sends CONNECTION_CLOSE and enters the closing state,
// answering later packets with it at a falling rate; a received CONNECTION_CLOSE or stateless
// reset enters draining, where nothing is sent. Both last three PTOs, then the connection is
// finished. Idle timeout and silent close end it at once without a packet.
internal sealed partial class QuicConnection
{
    private ConnectionState _state;
    private CloseReason _closeReason;
    private long _closeDeadline = long.MaxValue;
    private bool _closeSendPending;
    private int _packetsWhileClosing;
    private int _nextCloseResponseAt;
    private bool _shutdownCompleteRaised;
    private bool _peerAcknowledgedShutdown;

    /// <summary>
    /// Closes the connection (MsQuic ConnectionShutdown) with an application error code: a
    /// CONNECTION_CLOSE goes out (0x1d in 1-RTT, 0x1c APPLICATION_ERROR during the handshake,
    /// RFC 9000 §10.2.3), unless <paramref name="silent"/>, which ends the connection at once.
    /// </summary>
    public void Close(long now, ulong errorCode, string? reason = null, bool silent = false)
    {
        // MsQuic's silent close (ConnectionClose without shutdown) also cuts a closing or
        // draining period short: the application is gone, nothing more will be sent.
        if (silent && _state is ConnectionState.Closing or ConnectionState.Draining)
        {
            CompleteShutdown();
            return;
        }
        if (_state is ConnectionState.Closing or ConnectionState.Draining or ConnectionState.Closed)
            return;
        _closeReason = CloseReason.Application(errorCode, reason);
        if (silent || _state == ConnectionState.Created)
        {
            CompleteShutdown();
            return;
        }
        EnterClosing(now);
    }

    /// <summary>Closes because of a protocol error we detected (SHUTDOWN_INITIATED_BY_TRANSPORT).</summary>
    internal void CloseWithError(QuicError error, long now)
    {
        if (_state is ConnectionState.Closing or ConnectionState.Draining or ConnectionState.Closed)
            return;
        _closeReason = CloseReason.Transport(error);
        Emit(new ConnectionEvent(ConnectionEventKind.ShutdownInitiatedByTransport,
            Status: StatusOf((ulong)error.Code), ErrorCode: (ulong)error.Code));
        EnterClosing(now);
    }

    private void CloseWithTlsError(TlsError error, long now) => CloseWithError(ToQuicError(error), now);

    private void EnterClosing(long now)
    {
        _state = ConnectionState.Closing;
        _closeSendPending = true;
        _packetsWhileClosing = 0;
        _nextCloseResponseAt = 1;
        _closeDeadline = now + 3 * _recovery.PtoPeriod;
        StopTraffic();
    }

    /// <summary>
    /// A packet authenticated while we are closing: only a CONNECTION_CLOSE matters — the peer
    /// has seen ours (MsQuic's PeerAcknowledgedShutdown) and we may drain (RFC 9000 §10.2.1).
    /// </summary>
    private void LookForPeerClose(long now, PacketType type, ReadOnlySpan<byte> payload)
    {
        var reader = new FrameReader(payload, type);
        while (reader.TryReadFrame(out Frame frame, out _))
        {
            if (frame.Type is not (FrameType.ConnectionClose or FrameType.ApplicationClose))
                continue;
            _peerAcknowledgedShutdown = true;
            EnterDraining(now, ConnectionStatus.Success, frame.ConnectionClose.ErrorCode, byPeer: true);
            return;
        }
    }

    /// <summary>CONNECTION_CLOSE from the peer (RFC 9000 §10.2.2): drain.</summary>
    private void OnConnectionClose(long now, in ConnectionCloseFrame frame)
    {
        _closeReason = new CloseReason(frame.IsApplicationError, frame.ErrorCode, frame.TriggeringFrameType, frame.ReasonPhrase.ToArray());
        if (frame.IsApplicationError)
            EnterDraining(now, ConnectionStatus.Success, frame.ErrorCode, byPeer: true);
        else
            EnterDraining(now, StatusOf(frame.ErrorCode), frame.ErrorCode, byPeer: false);
    }

    /// <summary>Draining: nothing more is sent; the connection ends after three PTOs.</summary>
    private void EnterDraining(long now, ConnectionStatus status, ulong errorCode, bool byPeer)
    {
        if (_state is ConnectionState.Draining or ConnectionState.Closed)
            return;
        bool wasClosing = _state == ConnectionState.Closing;
        _state = ConnectionState.Draining;
        _closeSendPending = false;
        if (wasClosing)
            return; // the closing period's deadline stands
        Emit(byPeer
            ? new ConnectionEvent(ConnectionEventKind.ShutdownInitiatedByPeer, ConnectionEventFlags.ApplicationError, ErrorCode: errorCode)
            : new ConnectionEvent(ConnectionEventKind.ShutdownInitiatedByTransport, Status: status, ErrorCode: errorCode));
        _closeDeadline = now + 3 * _recovery.PtoPeriod;
        StopTraffic();
    }

    /// <summary>Ends the connection without a packet: idle timeout, handshake timeout, no common version.</summary>
    private void EnterClosedSilently(long now, ConnectionStatus status, ulong errorCode)
    {
        if (_state == ConnectionState.Closed)
            return;
        if (_state is not (ConnectionState.Closing or ConnectionState.Draining))
            Emit(new ConnectionEvent(ConnectionEventKind.ShutdownInitiatedByTransport, Status: status, ErrorCode: errorCode));
        CompleteShutdown();
    }

    /// <summary>RFC 9000 §10.2.1: answer packets in the closing state with CONNECTION_CLOSE, at 1, 2, 4, 8, ... packets.</summary>
    private void OnPacketWhileClosing()
    {
        _packetsWhileClosing++;
        if (_packetsWhileClosing < _nextCloseResponseAt)
            return;
        _nextCloseResponseAt *= 2;
        _closeSendPending = true;
    }

    private void OnCloseTimeout(long now)
    {
        if (_state is ConnectionState.Closing or ConnectionState.Draining && now >= _closeDeadline)
            CompleteShutdown();
    }

    /// <summary>Stops all data transfer: queued datagrams are canceled, streams stop scheduling.</summary>
    private void StopTraffic()
    {
        _datagrams.CancelAll();
        DrainDatagramEvents();
        _pendingPackets.Clear();
    }

    /// <summary>The connection is finished: every ID is released and SHUTDOWN_COMPLETE is the last event.</summary>
    private void CompleteShutdown()
    {
        if (_shutdownCompleteRaised)
            return;
        _shutdownCompleteRaised = true;
        _state = ConnectionState.Closed;
        _closeSendPending = false;
        _closeDeadline = long.MaxValue;
        _datagrams.CancelAll();
        DrainStreamEvents(zeroRtt: false);
        _localIds.RetireAll();
        _endpointEvents.Enqueue(new EndpointEvent(EndpointEventKind.Terminated));
        ConnectionEventFlags flags = ConnectionEventFlags.None;
        if (_handshakeComplete)
            flags |= ConnectionEventFlags.HandshakeCompleted;
        if (_peerAcknowledgedShutdown)
            flags |= ConnectionEventFlags.PeerAcknowledgedShutdown;
        Emit(new ConnectionEvent(ConnectionEventKind.ShutdownComplete, flags));
    }

    /// <summary>MsQuic's mapping of a QUIC error code to a status (TLS alerts keep their number).</summary>
    internal static ConnectionStatus StatusOf(ulong errorCode) => errorCode switch
    {
        (ulong)TransportErrorCode.NoError => ConnectionStatus.Success,
        (ulong)TransportErrorCode.ConnectionRefused => ConnectionStatus.ConnectionRefused,
        (ulong)TransportErrorCode.VersionNegotiationError => ConnectionStatus.VersionNegotiationError,
        (ulong)TransportErrorCode.InternalError => ConnectionStatus.InternalError,
        >= 0x100 and < 0x200 => ConnectionStatus.TlsAlertBase + (uint)(errorCode - 0x100),
        _ => ConnectionStatus.ProtocolError,
    };
}
