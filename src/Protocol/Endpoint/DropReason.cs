namespace QuicKestrel.Protocol.Endpoint;

/// <summary>Why the endpoint did not accept a datagram (counted in <see cref="EndpointStatistics"/>).</summary>
internal enum DropReason : byte
{
    None = 0,

    /// <summary>A zero-length datagram.</summary>
    Empty,

    /// <summary>The first packet's header cannot be parsed (truncated, bad lengths, connection IDs over 20 bytes).</summary>
    MalformedHeader,

    /// <summary>An unknown version in a datagram under 1200 bytes: never answered (RFC 9000 §5.2.2, §6).</summary>
    UnsupportedVersionTooSmall,

    /// <summary>A Version Negotiation packet for no connection of ours (never answered, RFC 9000 §6.1).</summary>
    UnexpectedVersionNegotiation,

    /// <summary>
    /// A packet for no connection with the fixed bit (0x40) clear: invalid in v1/v2 (RFC 9000 §17.2,
    /// §17.3.1; we do not negotiate grease_quic_bit), so it neither opens a connection nor earns a reset.
    /// </summary>
    FixedBitClear,

    /// <summary>A client Initial in a datagram under 1200 bytes (RFC 9000 §14.1).</summary>
    InitialTooSmall,

    /// <summary>A client's first Initial with a Destination Connection ID under 8 bytes (RFC 9000 §7.2).</summary>
    InitialDestinationTooShort,

    /// <summary>A new-connection attempt (or unknown version) on an endpoint that accepts no connections.</summary>
    NotListening,

    /// <summary>A 0-RTT packet for no connection (it arrived before its Initial, or the Initial was refused).</summary>
    ZeroRttWithoutConnection,

    /// <summary>A Handshake or Retry packet for no connection.</summary>
    UnknownConnection,

    /// <summary>Too many handshakes in progress.</summary>
    HandshakeLimit,

    /// <summary>Too much state held for peers whose address is not validated.</summary>
    UnvalidatedMemoryLimit,

    /// <summary>Too many new connections waiting for the application to accept them.</summary>
    AcceptQueueFull,

    /// <summary>The connection factory declined the connection.</summary>
    ConnectionDeclined,

    /// <summary>A short-header packet for no connection, too small to answer with a smaller stateless reset (RFC 9000 §10.3.3).</summary>
    ResetTriggerTooSmall,

    /// <summary>A short-header packet for no connection on an endpoint that cannot reset (zero-length connection IDs).</summary>
    ResetUnavailable,

    VersionNegotiationRateLimited,
    RetryRateLimited,
    StatelessResetRateLimited,
    InitialCloseRateLimited,

    /// <summary>The queue of stateless packets waiting for the runtime is full.</summary>
    StatelessQueueFull,
}

/// <summary>What the endpoint did with a datagram.</summary>
internal enum DatagramDisposition : byte
{
    /// <summary>Handed to an existing connection.</summary>
    Routed,

    /// <summary>Created a server connection and handed it the datagram.</summary>
    NewConnection,

    /// <summary>Queued a Version Negotiation packet.</summary>
    VersionNegotiation,

    /// <summary>Queued a Retry packet.</summary>
    Retry,

    /// <summary>Queued a stateless reset.</summary>
    StatelessReset,

    /// <summary>Queued an Initial CONNECTION_CLOSE (INVALID_TOKEN, or CONNECTION_REFUSED with the limit as the reason).</summary>
    InitialClose,

    /// <summary>Dropped; see the reason.</summary>
    Dropped,
}

/// <summary>The outcome of <see cref="QuicEndpoint.HandleDatagram"/>: what happened, why (for drops and refusals), and which slot.</summary>
internal readonly record struct DispatchOutcome(DatagramDisposition Disposition, DropReason Reason = DropReason.None, int Slot = -1);
