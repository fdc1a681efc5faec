namespace QuicKestrel.Protocol.Endpoint;

/// <summary>What a server does with the token of a client's first Initial (RFC 9000 §8.1.2, §8.1.3).</summary>
internal enum InitialTokenDecision : byte
{
    /// <summary>No token: the address is unvalidated (Retry may follow).</summary>
    NoToken,

    /// <summary>A valid Retry token: the address is validated, and the connection takes the ODCID and Retry SCID from it.</summary>
    ValidRetryToken,

    /// <summary>A valid, unused NEW_TOKEN token: the address is validated.</summary>
    ValidNewToken,

    /// <summary>
    /// An authentic Retry token that fails (expired, other address, other connection ID): the
    /// client will not accept a second Retry, so close at once with INVALID_TOKEN in an Initial
    /// CONNECTION_CLOSE rather than let it time out (§8.1.2).
    /// </summary>
    InvalidRetryToken,

    /// <summary>
    /// Anything else (a stale, replayed or foreign NEW_TOKEN token, garbage, an unknown key):
    /// proceed as if there were no token (§8.1.3), which may mean a Retry. A token we cannot
    /// authenticate is never treated as a Retry token: it may be a NEW_TOKEN token from a server
    /// of the same name with other keys, and closing would fail that client needlessly.
    /// </summary>
    IgnoredToken,
}

/// <summary>The decision about an Initial's token, with the validation behind it.</summary>
internal readonly struct InitialTokenCheck
{
    public InitialTokenCheck(InitialTokenDecision decision, in TokenValidation validation)
    {
        Decision = decision;
        Validation = validation;
    }

    public InitialTokenDecision Decision { get; }

    public TokenValidation Validation { get; }

    public bool AddressValidated => Decision is InitialTokenDecision.ValidRetryToken or InitialTokenDecision.ValidNewToken;
}
