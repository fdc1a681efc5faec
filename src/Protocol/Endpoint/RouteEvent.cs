namespace QuicKestrel.Protocol.Endpoint;

/// <summary>What a connection tells its endpoint (polled after every call into the connection).</summary>
internal enum RouteEventKind : byte
{
    /// <summary>The connection issued a connection ID of ours (NEW_CONNECTION_ID): route it here.</summary>
    ConnectionIdIssued,

    /// <summary>The peer retired one of our connection IDs (RETIRE_CONNECTION_ID): stop routing it.</summary>
    ConnectionIdRetired,

    /// <summary>
    /// The connection now uses a peer connection ID whose stateless reset token is
    /// <see cref="RouteEvent.Value"/>: unroutable datagrams ending in it go to this connection,
    /// which compares it in constant time (RFC 9000 §10.3.1).
    /// </summary>
    PeerResetTokenActive,

    /// <summary>That peer connection ID was retired: stop matching its token.</summary>
    PeerResetTokenRetired,

    /// <summary>The peer's address is validated (server): it no longer counts as unvalidated state.</summary>
    AddressValidated,

    /// <summary>The handshake is confirmed (server: completed): it no longer counts against the handshake limits.</summary>
    HandshakeConfirmed,

    /// <summary>The connection is closed and drained ("forget me"): every route and the slot are released. Always last.</summary>
    Drained,
}

/// <summary>One endpoint-facing output of a connection; <see cref="Value"/> holds a connection ID or a reset token.</summary>
internal readonly struct RouteEvent
{
    private RouteEvent(RouteEventKind kind, in ConnectionIdKey value)
    {
        Kind = kind;
        Value = value;
    }

    public RouteEventKind Kind { get; }

    public ConnectionIdKey Value { get; }

    public static RouteEvent ConnectionIdIssued(ReadOnlySpan<byte> cid) => new(RouteEventKind.ConnectionIdIssued, new ConnectionIdKey(cid));

    public static RouteEvent ConnectionIdRetired(ReadOnlySpan<byte> cid) => new(RouteEventKind.ConnectionIdRetired, new ConnectionIdKey(cid));

    public static RouteEvent PeerResetTokenActive(ReadOnlySpan<byte> token) => new(RouteEventKind.PeerResetTokenActive, new ConnectionIdKey(token));

    public static RouteEvent PeerResetTokenRetired(ReadOnlySpan<byte> token) => new(RouteEventKind.PeerResetTokenRetired, new ConnectionIdKey(token));

    public static RouteEvent AddressValidated => new(RouteEventKind.AddressValidated, default);

    public static RouteEvent HandshakeConfirmed => new(RouteEventKind.HandshakeConfirmed, default);

    public static RouteEvent Drained => new(RouteEventKind.Drained, default);

    public override string ToString() => Value.IsEmpty ? Kind.ToString() : $"{Kind} {Value}";
}
