namespace QuicKestrel.Protocol.Api;

/// <summary>
/// The kind of a <see cref="QuicConnectionEvent"/>. MsQuic's <c>QUIC_CONNECTION_EVENT_TYPE</c>,
/// with its values. <see cref="ShutdownComplete"/> is always the last event of a connection.
/// </summary>
public enum QuicConnectionEventType
{
    /// <summary>The handshake completed; payload <see cref="QuicConnectionEvent.Connected"/> (<c>QUIC_CONNECTION_EVENT_CONNECTED</c>).</summary>
    Connected = 0,

    /// <summary>The transport began shutting the connection down (idle timeout, protocol error, ...); payload <see cref="QuicConnectionEvent.ShutdownInitiatedByTransport"/> (<c>QUIC_CONNECTION_EVENT_SHUTDOWN_INITIATED_BY_TRANSPORT</c>).</summary>
    ShutdownInitiatedByTransport = 1,

    /// <summary>The peer application closed the connection; payload <see cref="QuicConnectionEvent.ShutdownInitiatedByPeer"/> (<c>QUIC_CONNECTION_EVENT_SHUTDOWN_INITIATED_BY_PEER</c>).</summary>
    ShutdownInitiatedByPeer = 2,

    /// <summary>Shutdown has finished: the last event; the handle may be closed; payload <see cref="QuicConnectionEvent.ShutdownComplete"/> (<c>QUIC_CONNECTION_EVENT_SHUTDOWN_COMPLETE</c>).</summary>
    ShutdownComplete = 3,

    /// <summary>The local address in use changed; payload <see cref="QuicConnectionEvent.LocalAddressChanged"/> (<c>QUIC_CONNECTION_EVENT_LOCAL_ADDRESS_CHANGED</c>).</summary>
    LocalAddressChanged = 4,

    /// <summary>The peer's address changed (migration or NAT rebinding); payload <see cref="QuicConnectionEvent.PeerAddressChanged"/> (<c>QUIC_CONNECTION_EVENT_PEER_ADDRESS_CHANGED</c>).</summary>
    PeerAddressChanged = 5,

    /// <summary>The peer opened a stream; payload <see cref="QuicConnectionEvent.PeerStreamStarted"/> (<c>QUIC_CONNECTION_EVENT_PEER_STREAM_STARTED</c>).</summary>
    PeerStreamStarted = 6,

    /// <summary>The peer's stream limits changed; payload <see cref="QuicConnectionEvent.StreamsAvailable"/> (<c>QUIC_CONNECTION_EVENT_STREAMS_AVAILABLE</c>).</summary>
    StreamsAvailable = 7,

    /// <summary>The peer is blocked by our stream limit (it sent STREAMS_BLOCKED); payload <see cref="QuicConnectionEvent.PeerNeedsStreams"/> (<c>QUIC_CONNECTION_EVENT_PEER_NEEDS_STREAMS</c>).</summary>
    PeerNeedsStreams = 8,

    /// <summary>The processor best suited to this connection changed; payload <see cref="QuicConnectionEvent.IdealProcessorChanged"/> (<c>QUIC_CONNECTION_EVENT_IDEAL_PROCESSOR_CHANGED</c>).</summary>
    IdealProcessorChanged = 9,

    /// <summary>Whether, and how large, datagrams can be sent changed; payload <see cref="QuicConnectionEvent.DatagramStateChanged"/> (<c>QUIC_CONNECTION_EVENT_DATAGRAM_STATE_CHANGED</c>).</summary>
    DatagramStateChanged = 10,

    /// <summary>An unreliable datagram arrived; payload <see cref="QuicConnectionEvent.DatagramReceived"/> (<c>QUIC_CONNECTION_EVENT_DATAGRAM_RECEIVED</c>).</summary>
    DatagramReceived = 11,

    /// <summary>A sent datagram changed state; payload <see cref="QuicConnectionEvent.DatagramSendStateChanged"/> (<c>QUIC_CONNECTION_EVENT_DATAGRAM_SEND_STATE_CHANGED</c>).</summary>
    DatagramSendStateChanged = 12,

    /// <summary>Server only: the client resumed a session; payload <see cref="QuicConnectionEvent.Resumed"/> (<c>QUIC_CONNECTION_EVENT_RESUMED</c>).</summary>
    Resumed = 13,

    /// <summary>Client only: the server sent a resumption ticket to keep; payload <see cref="QuicConnectionEvent.ResumptionTicketReceived"/> (<c>QUIC_CONNECTION_EVENT_RESUMPTION_TICKET_RECEIVED</c>).</summary>
    ResumptionTicketReceived = 14,

    /// <summary>The peer's certificate arrived (only with <see cref="QuicCredentialFlags.IndicateCertificateReceived"/>); payload <see cref="QuicConnectionEvent.PeerCertificateReceived"/> (<c>QUIC_CONNECTION_EVENT_PEER_CERTIFICATE_RECEIVED</c>).</summary>
    PeerCertificateReceived = 15,
}
