using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Tests.Crypto;

/// <summary>Builds protection pairs and plaintext packets for the property and tamper tests.</summary>
internal static class TestPackets
{
    public static readonly CipherSuite[] Suites =
        [CipherSuite.Aes128GcmSha256, CipherSuite.Aes256GcmSha384, CipherSuite.ChaCha20Poly1305Sha256];

    public static readonly uint[] Versions = [QuicVersion.V1, QuicVersion.V2];

    /// <summary>Sender and receiver objects built from the same random secret, as the two ends of one direction are.</summary>
    public static (AeadPacketProtection Sender, AeadPacketProtection Receiver) Pair(CipherSuite suite, uint version, int seed)
    {
        var secret = new byte[CipherSuiteInfo.HashLength(suite)];
        new Random(seed).NextBytes(secret);
        return (new AeadPacketProtection(suite, secret, version), new AeadPacketProtection(suite, secret, version));
    }

    /// <summary>
    /// A short-header (1-RTT) packet: first byte 0x40 | key phase | pn length - 1, an 8-byte
    /// DCID, the truncated packet number, a random payload and room for the tag.
    /// Returns the buffer and the packet number offset.
    /// </summary>
    public static byte[] ShortHeader(int payloadLength, ulong packetNumber, int pnLength, bool keyPhase, int seed, out int pnOffset)
    {
        var random = new Random(seed);
        pnOffset = 1 + 8;
        var packet = new byte[pnOffset + pnLength + payloadLength + PacketProtection.TagLength];
        packet[0] = (byte)(0x40 | (keyPhase ? 0x04 : 0) | (pnLength - 1));
        random.NextBytes(packet.AsSpan(1, 8));
        WritePacketNumber(packet.AsSpan(pnOffset, pnLength), packetNumber);
        random.NextBytes(packet.AsSpan(pnOffset + pnLength, payloadLength));
        return packet;
    }

    /// <summary>A long-header Handshake-like packet (v1 type bits) with an empty token-less layout.</summary>
    public static byte[] LongHeader(int payloadLength, ulong packetNumber, int pnLength, int seed, out int pnOffset)
    {
        var random = new Random(seed);
        // first byte, version (4), DCID len + 8, SCID len + 8, 2-byte Length.
        pnOffset = 1 + 4 + 1 + 8 + 1 + 8 + 2;
        var packet = new byte[pnOffset + pnLength + payloadLength + PacketProtection.TagLength];
        packet[0] = (byte)(0xe0 | (pnLength - 1));
        packet[4] = 1;
        packet[5] = 8;
        random.NextBytes(packet.AsSpan(6, 8));
        packet[14] = 8;
        random.NextBytes(packet.AsSpan(15, 8));
        int length = pnLength + payloadLength + PacketProtection.TagLength;
        packet[23] = (byte)(0x40 | (length >> 8));
        packet[24] = (byte)length;
        WritePacketNumber(packet.AsSpan(pnOffset, pnLength), packetNumber);
        random.NextBytes(packet.AsSpan(pnOffset + pnLength, payloadLength));
        return packet;
    }

    private static void WritePacketNumber(Span<byte> destination, ulong packetNumber)
    {
        for (int i = destination.Length - 1; i >= 0; i--, packetNumber >>= 8)
            destination[i] = (byte)packetNumber;
    }

    /// <summary>Removes header protection, decodes the packet number against <paramref name="largestReceived"/> and opens.</summary>
    public static bool TryUnprotect(PacketProtection receiver, Span<byte> packet, int pnOffset, ulong largestReceived,
        out ulong packetNumber, out int payloadLength)
    {
        packetNumber = 0;
        payloadLength = 0;
        if (!receiver.TryRemoveHeaderProtection(packet, pnOffset, out int pnLength, out uint truncated))
            return false;
        packetNumber = VectorData.DecodePacketNumber(largestReceived, truncated, pnLength);
        return receiver.TryOpen(packet, pnOffset + pnLength, packetNumber, out payloadLength);
    }
}
