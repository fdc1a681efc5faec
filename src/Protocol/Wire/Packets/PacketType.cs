namespace QuicKestrel.Protocol.Wire;

/// <summary>The kinds of QUIC packets (RFC 9000 §17).</summary>
internal enum PacketType : byte
{
    Initial = 0,
    ZeroRtt = 1,
    Handshake = 2,
    Retry = 3,

    /// <summary>A short-header packet.</summary>
    OneRtt = 4,

    /// <summary>A long header with version 0 (RFC 9000 §17.2.1).</summary>
    VersionNegotiation = 5,

    /// <summary>
    /// A long header of a version this stack does not speak: only the version-independent fields
    /// (RFC 8999 §5.1: version, connection IDs) are valid; the endpoint may answer with Version Negotiation.
    /// </summary>
    UnsupportedVersion = 6,
}

/// <summary>The two type bits of long headers, which QUIC v2 rotates (RFC 9369 §3.2).</summary>
internal static class LongPacketTypeBits
{
    /// <summary>True for types carried by a long header with a type field (Initial, 0-RTT, Handshake, Retry).</summary>
    public static bool HasTypeBits(PacketType type) => type <= PacketType.Retry;

    /// <summary>The two-bit type field for <paramref name="type"/> in <paramref name="version"/> (v1 or v2).</summary>
    public static int ToBits(PacketType type, uint version)
    {
        if (!HasTypeBits(type))
            throw new ArgumentOutOfRangeException(nameof(type), "Only Initial, 0-RTT, Handshake and Retry have long-header type bits.");
        // v1: Initial 0, 0-RTT 1, Handshake 2, Retry 3. v2: Initial 1, 0-RTT 2, Handshake 3, Retry 0.
        int v1Bits = (int)type;
        return version == QuicVersion.V2 ? (v1Bits + 1) & 3 : v1Bits;
    }

    /// <summary>The packet type encoded by the two-bit field <paramref name="bits"/> in <paramref name="version"/>.</summary>
    public static PacketType FromBits(int bits, uint version)
    {
        int v1Bits = version == QuicVersion.V2 ? (bits + 3) & 3 : bits & 3;
        return (PacketType)v1Bits;
    }
}
