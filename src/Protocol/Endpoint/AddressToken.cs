namespace QuicKestrel.Protocol.Endpoint;

/// <summary>Where an address-validation token came from (RFC 9000 §8.1).</summary>
internal enum AddressTokenKind : byte
{
    /// <summary>Sent in a Retry packet; valid seconds, for the same address and port.</summary>
    Retry = 0,

    /// <summary>Sent in a NEW_TOKEN frame; valid hours, for the same IP address.</summary>
    NewToken = 1,
}

/// <summary>The outcome of checking a token (only <see cref="Valid"/> carries usable contents).</summary>
internal enum TokenStatus : byte
{
    Valid = 0,

    /// <summary>Authentic, but issued outside its validity window (too old, or from the future beyond the allowed clock skew).</summary>
    Expired,

    /// <summary>Authentic, but issued to another address (Retry: IP and port; NEW_TOKEN: IP).</summary>
    WrongAddress,

    /// <summary>An authentic Retry token whose Retry Source Connection ID is not the packet's Destination Connection ID.</summary>
    WrongConnectionId,

    /// <summary>Not a token of ours: bad length or a failed integrity check.</summary>
    Garbage,

    /// <summary>Names a key id that is not (or no longer) in the ring.</summary>
    UnknownKey,

    /// <summary>An authentic NEW_TOKEN token that already opened a connection (set by the endpoint's replay cache).</summary>
    Replayed,
}

/// <summary>What an authentic token says.</summary>
internal readonly struct AddressTokenContents
{
    public AddressTokenKind Kind { get; init; }

    public long IssuedUnixMicros { get; init; }

    /// <summary>Retry tokens: the Destination Connection ID of the client's first Initial.</summary>
    public ConnectionIdKey OriginalDestinationConnectionId { get; init; }

    /// <summary>Retry tokens: the Source Connection ID of our Retry packet.</summary>
    public ConnectionIdKey RetrySourceConnectionId { get; init; }

    /// <summary>The token's random nonce: its identity for replay detection.</summary>
    public UInt128 Nonce { get; init; }
}

/// <summary>
/// The result of validating a token. <see cref="IsAuthentic"/> tells whether the integrity check
/// passed (so <see cref="Contents"/> is ours even when <see cref="Status"/> is not Valid).
/// </summary>
internal readonly struct TokenValidation
{
    public TokenValidation(TokenStatus status, bool isAuthentic, in AddressTokenContents contents)
    {
        Status = status;
        IsAuthentic = isAuthentic;
        Contents = contents;
    }

    public TokenStatus Status { get; }

    public bool IsAuthentic { get; }

    public AddressTokenContents Contents { get; }

    public bool IsValid => Status == TokenStatus.Valid;

    public static TokenValidation Rejected(TokenStatus status) => new(status, false, default);
}

/// <summary>How long tokens are accepted, in microseconds (RFC 9000 §8.1.3, §8.1.4).</summary>
internal readonly record struct AddressTokenLifetimes(long RetryMicros, long NewTokenMicros, long ClockSkewMicros)
{
    /// <summary>Retry tokens 10 s (they come back within a round trip), NEW_TOKEN tokens 24 h, 60 s of clock skew between servers.</summary>
    public static AddressTokenLifetimes Default => new(10_000_000, 24L * 3600 * 1_000_000, 60_000_000);
}
