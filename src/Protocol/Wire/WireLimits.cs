namespace QuicKestrel.Protocol.Wire;

/// <summary>Size and value limits of the QUIC v1/v2 wire format.</summary>
internal static class WireLimits
{
    /// <summary>Longest connection ID in QUIC v1 and v2 (RFC 9000 §17.2).</summary>
    public const int MaxConnectionIdLength = 20;

    /// <summary>Longest connection ID a version-independent long header can carry (RFC 8999 §5.1).</summary>
    public const int MaxInvariantConnectionIdLength = 255;

    /// <summary>Length of a stateless reset token (RFC 9000 §10.3).</summary>
    public const int StatelessResetTokenLength = 16;

    /// <summary>Largest stream count a peer may allow (RFC 9000 §4.6): stream IDs must stay below 2^62.</summary>
    public const ulong MaxStreamCount = 1UL << 60;

    /// <summary>Largest stream offset plus length (RFC 9000 §19.8): flow control cannot credit more.</summary>
    public const ulong MaxStreamOffset = VarInt.MaxValue;

    /// <summary>Smallest allowed max_udp_payload_size (RFC 9000 §18.2).</summary>
    public const ulong MinMaxUdpPayloadSize = 1200;
}
