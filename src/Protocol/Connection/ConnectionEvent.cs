using QuicKestrel.Protocol.Streams;

namespace QuicKestrel.Protocol.Connection;

/// <summary>What happened, for the API layer (MsQuic's connection and stream events).</summary>
internal enum ConnectionEventKind : byte
{
    /// <summary>Server: the ClientHello is parsed (SNI and ALPNs readable); call <see cref="QuicConnection.SetServerConfiguration"/> (MsQuic NEW_CONNECTION).</summary>
    ServerConfigurationNeeded,

    /// <summary>Server: the client resumes a ticket; its app data is readable (MsQuic RESUMED). Answer with <see cref="QuicConnection.CompleteResumption"/> when deferred.</summary>
    ResumptionRequested,

    /// <summary>The peer's certificate was verified (PEER_CERTIFICATE_RECEIVED); answer with <see cref="QuicConnection.CompleteCertificateValidation"/> when validation is deferred.</summary>
    PeerCertificateReceived,

    /// <summary>The handshake completed (CONNECTED). Flags: SessionResumed.</summary>
    Connected,

    /// <summary>The transport is closing the connection (SHUTDOWN_INITIATED_BY_TRANSPORT): Status and ErrorCode.</summary>
    ShutdownInitiatedByTransport,

    /// <summary>The peer closed the connection (SHUTDOWN_INITIATED_BY_PEER): ErrorCode; Flags: ApplicationError.</summary>
    ShutdownInitiatedByPeer,

    /// <summary>Always the last event (SHUTDOWN_COMPLETE). Flags: HandshakeCompleted, PeerAcknowledgedShutdown, AppCloseInProgress.</summary>
    ShutdownComplete,

    /// <summary>The peer's address changed and was validated (PEER_ADDRESS_CHANGED).</summary>
    PeerAddressChanged,

    /// <summary>The peer opened Stream (PEER_STREAM_STARTED). Flags: ZeroRtt.</summary>
    PeerStreamStarted,

    /// <summary>The peer raised a stream limit (STREAMS_AVAILABLE): Value = bidirectional available, Value2 = unidirectional.</summary>
    StreamsAvailable,

    /// <summary>The peer is blocked by our stream limit (PEER_NEEDS_STREAMS). Flags: Bidirectional.</summary>
    PeerNeedsStreams,

    /// <summary>A stream start that waited for the peer's stream limit got its ID (START_COMPLETE): Stream, Context.</summary>
    StreamStartComplete,

    /// <summary>DATAGRAM sending became possible or not (DATAGRAM_STATE_CHANGED). Flags: SendEnabled; Value = max send length.</summary>
    DatagramStateChanged,

    /// <summary>A DATAGRAM arrived (DATAGRAM_RECEIVED): Data is valid until the next PollEvent. Flags: ZeroRtt.</summary>
    DatagramReceived,

    /// <summary>A sent datagram's state changed (DATAGRAM_SEND_STATE_CHANGED): Context, DatagramState.</summary>
    DatagramSendStateChanged,

    /// <summary>Client: a resumption ticket to keep for the next connection (RESUMPTION_TICKET_RECEIVED): Data.</summary>
    ResumptionTicketReceived,

    /// <summary>Client: the server gave a NEW_TOKEN token for later connections: Data.</summary>
    NewTokenReceived,

    /// <summary>Stream has new readable data or its FIN (RECEIVE). Flags: ZeroRtt when the data came in 0-RTT.</summary>
    StreamDataAvailable,

    /// <summary>The peer reset Stream (PEER_SEND_ABORTED): ErrorCode.</summary>
    StreamPeerSendAborted,

    /// <summary>The peer sent STOP_SENDING (PEER_RECEIVE_ABORTED): ErrorCode.</summary>
    StreamPeerReceiveAborted,

    /// <summary>Stream's send side finished (SEND_SHUTDOWN_COMPLETE). Flags: Graceful.</summary>
    StreamSendShutdownComplete,

    /// <summary>A writer that hit the stream's send-buffer limit may write again.</summary>
    StreamSendBufferAvailable,

    /// <summary>Both directions of Stream finished (stream SHUTDOWN_COMPLETE).</summary>
    StreamClosed,
}

[Flags]
internal enum ConnectionEventFlags : byte
{
    None = 0,
    SessionResumed = 1,
    ApplicationError = 2,
    HandshakeCompleted = 4,
    PeerAcknowledgedShutdown = 8,
    AppCloseInProgress = 16,
    ZeroRtt = 32,
    Bidirectional = 64,
    /// <summary>SendEnabled (datagrams) or Graceful (stream send shutdown).</summary>
    Enabled = 128,
}

/// <summary>
/// One event. A struct in a reusable ring: polling allocates nothing. Fields that a kind does
/// not use are default.
/// </summary>
internal readonly record struct ConnectionEvent(
    ConnectionEventKind Kind,
    ConnectionEventFlags Flags = ConnectionEventFlags.None,
    QuicStream? Stream = null,
    ulong ErrorCode = 0,
    ConnectionStatus Status = ConnectionStatus.Success,
    long Value = 0,
    long Value2 = 0,
    object? Context = null,
    ReadOnlyMemory<byte> Data = default,
    DatagramSendState DatagramState = DatagramSendState.Unknown)
{
    public bool Has(ConnectionEventFlags flag) => (Flags & flag) == flag;
}

/// <summary>
/// Why a connection shut down, with MsQuic's QUIC_STATUS values (Linux), so the API layer can
/// pass them through. TLS alert n is <see cref="TlsAlertBase"/> + n.
/// </summary>
internal enum ConnectionStatus : uint
{
    Success = 0,
    InternalError = 5,
    ConnectionIdle = 62,
    ProtocolError = 71,
    VersionNegotiationError = 93,
    HandshakeFailure = 103,
    ConnectionTimeout = 110,
    ConnectionRefused = 111,
    Unreachable = 113,
    Aborted = 125,
    UserCanceled = 130,
    TlsAlertBase = 0xBEBC300,
}

/// <summary>What the endpoint must learn from a connection (routing and lifetime).</summary>
internal enum EndpointEventKind : byte
{
    /// <summary>Route ConnectionId to this connection (sequence Sequence, stateless reset token Token).</summary>
    ConnectionIdIssued,

    /// <summary>Stop routing ConnectionId to this connection.</summary>
    ConnectionIdRetired,

    /// <summary>
    /// We now use a peer connection ID whose stateless reset token is Token: an unroutable datagram
    /// ending in it may be a reset for this connection (RFC 9000 §10.3.1).
    /// </summary>
    PeerResetTokenActive,

    /// <summary>That peer connection ID was retired: its token no longer applies.</summary>
    PeerResetTokenRetired,

    /// <summary>Server: the client's address is validated (RFC 9000 §8.1).</summary>
    AddressValidated,

    /// <summary>The handshake is confirmed; a server may now queue a NEW_TOKEN (<see cref="QuicConnection.QueueNewToken"/>).</summary>
    HandshakeConfirmed,

    /// <summary>The connection is finished: forget it (every ID it used is retired). Always last.</summary>
    Terminated,
}

/// <summary>One endpoint-facing output; ConnectionId, Sequence and Token are set for the kinds that name them.</summary>
internal readonly record struct EndpointEvent(EndpointEventKind Kind, ConnectionId ConnectionId = default, long Sequence = 0, StatelessResetToken Token = default);

/// <summary>
/// Makes the connection IDs we issue. The endpoint passes its generator so IDs can carry routing
/// information (a worker's route byte); by default IDs are random.
/// </summary>
internal interface IConnectionIdGenerator
{
    ConnectionId NewConnectionId();
}
