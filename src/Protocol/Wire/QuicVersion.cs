namespace QuicKestrel.Protocol.Wire;

/// <summary>QUIC version numbers this stack knows (RFC 9000 §15, RFC 9369).</summary>
internal static class QuicVersion
{
    /// <summary>QUIC version 1 (RFC 9000).</summary>
    public const uint V1 = 0x00000001;

    /// <summary>QUIC version 2 (RFC 9369).</summary>
    public const uint V2 = 0x6b3343cf;

    /// <summary>The value reserved for Version Negotiation packets.</summary>
    public const uint Negotiation = 0;

    /// <summary>True for the versions this stack can speak.</summary>
    public static bool IsSupported(uint version) => version is V1 or V2;

    /// <summary>True for reserved versions of the form 0x?a?a?a?a used to exercise negotiation (RFC 9000 §15).</summary>
    public static bool IsReserved(uint version) => (version & 0x0f0f0f0f) == 0x0a0a0a0a;
}
