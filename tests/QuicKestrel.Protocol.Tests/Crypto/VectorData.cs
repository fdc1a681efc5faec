using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Tests.Crypto;

/// <summary>Turns the RFC vectors into packets and protection objects.</summary>
internal static class VectorData
{
    public static ProtectionVector For(uint version) => version == QuicVersion.V2 ? QuicProtectionVectors.V2 : QuicProtectionVectors.V1;

    public static byte[] Hex(string hex) => Convert.FromHexString(hex);

    public static string ToHex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    /// <summary>The client's first Destination Connection ID in both appendices.</summary>
    public static readonly byte[] ClientDcid = Hex("8394c8f03e515708");

    /// <summary>Offset of the packet number in the sample Initial packets (both have 8-byte CIDs and no token).</summary>
    public const int InitialPacketNumberOffset = 18;

    /// <summary>
    /// The unprotected client Initial of A.2: the header, the CRYPTO frame, PADDING up to a
    /// 1162-byte payload, then room for the tag (1200 bytes in all).
    /// </summary>
    public static byte[] UnprotectedClientInitial(ProtectionVector v)
    {
        byte[] header = Hex(v.ClientHeader);
        byte[] frame = Hex(v.ClientCryptoFrame);
        var packet = new byte[header.Length + 1162 + 16];
        header.CopyTo(packet, 0);
        frame.CopyTo(packet, header.Length);
        return packet;
    }

    /// <summary>The unprotected server Initial of A.3 with room for the tag.</summary>
    public static byte[] UnprotectedServerInitial(ProtectionVector v)
    {
        byte[] header = Hex(v.ServerHeader);
        byte[] payload = Hex(v.ServerPayload);
        var packet = new byte[header.Length + payload.Length + 16];
        header.CopyTo(packet, 0);
        payload.CopyTo(packet, header.Length);
        return packet;
    }

    /// <summary>RFC 9000 Appendix A.3: the full packet number closest to the one expected next.</summary>
    public static ulong DecodePacketNumber(ulong largest, uint truncated, int length)
    {
        ulong expected = largest + 1;
        ulong window = 1UL << (length * 8);
        ulong half = window / 2;
        ulong candidate = (expected & ~(window - 1)) | truncated;
        if (candidate + half <= expected && candidate < (1UL << 62) - window)
            return candidate + window;
        if (candidate > expected + half && candidate >= window)
            return candidate - window;
        return candidate;
    }
}
