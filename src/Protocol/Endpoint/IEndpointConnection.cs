namespace QuicKestrel.Protocol.Endpoint;

/// <summary>
/// What the endpoint needs from a connection: take the datagrams routed to it, and report
/// routing changes as <see cref="RouteEvent"/>s. Everything else (PollTransmit, timers,
/// application commands) is driven by the runtime directly; after any such call the runtime
/// lets the endpoint drain the connection's events with <see cref="QuicEndpoint.ProcessConnectionEvents"/>.
/// </summary>
internal interface IEndpointConnection
{
    /// <summary>
    /// A whole datagram (possibly coalesced packets) routed to this connection by one of its
    /// connection IDs, its original Destination Connection ID, its peer's address (zero-length
    /// IDs) or a peer stateless reset token. <paramref name="ecn"/> is the IP header's two ECN
    /// bits. Must not throw on any input.
    /// </summary>
    void HandleDatagram(long now, Span<byte> datagram, in DatagramAddresses addresses, byte ecn);

    /// <summary>The next endpoint-facing output, if any; <see cref="RouteEventKind.Drained"/> is the last.</summary>
    bool TryPollRouteEvent(out RouteEvent routeEvent);
}

/// <summary>Creates a server connection for a client Initial the endpoint has admitted.</summary>
internal interface IServerConnectionFactory
{
    /// <summary>
    /// A new server connection, or null to decline (the Initial is then dropped). The connection
    /// uses <see cref="NewConnectionInfo.LocalConnectionId"/> as its first Source Connection ID
    /// (already routed) and the IDs in <paramref name="info"/> for its Initial keys and its
    /// connection-ID transport parameters (RFC 9000 §7.3).
    /// </summary>
    IEndpointConnection? CreateConnection(long now, in NewConnectionInfo info);
}

/// <summary>Everything a server connection needs to know about the Initial that creates it.</summary>
internal readonly struct NewConnectionInfo
{
    /// <summary>The client's version (v1 or v2); compatible version negotiation may change it later.</summary>
    public uint Version { get; init; }

    /// <summary>The Destination Connection ID of this Initial: the Initial keys derive from it (RFC 9001 §5.2).</summary>
    public ConnectionIdKey InitialDestinationConnectionId { get; init; }

    /// <summary>
    /// original_destination_connection_id: the client's first Destination Connection ID — the
    /// one in a Retry token when there was a Retry, else <see cref="InitialDestinationConnectionId"/>.
    /// </summary>
    public ConnectionIdKey OriginalDestinationConnectionId { get; init; }

    /// <summary>retry_source_connection_id, when this Initial answers our Retry (then equal to <see cref="InitialDestinationConnectionId"/>).</summary>
    public ConnectionIdKey RetrySourceConnectionId { get; init; }

    public bool HasRetrySourceConnectionId { get; init; }

    /// <summary>The client's Source Connection ID: our Destination Connection ID from now on.</summary>
    public ConnectionIdKey ClientSourceConnectionId { get; init; }

    /// <summary>Our first Source Connection ID (sequence 0, initial_source_connection_id), already routed to this connection.</summary>
    public ConnectionIdKey LocalConnectionId { get; init; }

    /// <summary>The stateless reset token for <see cref="LocalConnectionId"/> (the stateless_reset_token transport parameter).</summary>
    public ConnectionIdKey LocalStatelessResetToken { get; init; }

    public DatagramAddresses Addresses { get; init; }

    /// <summary>True when a valid Retry or NEW_TOKEN token proved the address: no anti-amplification limit (RFC 9000 §8.1).</summary>
    public bool AddressValidated { get; init; }

    /// <summary>Which token validated the address, when <see cref="AddressValidated"/>.</summary>
    public AddressTokenKind ValidatedBy { get; init; }
}
