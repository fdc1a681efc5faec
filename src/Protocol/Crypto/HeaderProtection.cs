using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace QuicKestrel.Protocol.Crypto;

/// <summary>
/// Where header protection samples and what its mask covers (RFC 9001 §5.4.1–§5.4.2), apart
/// from how the mask is made. Long headers protect the low 4 bits of the first byte (reserved
/// bits and packet number length), short headers the low 5 (also the key phase).
/// </summary>
internal static class HeaderProtection
{
    private const byte LongHeaderForm = 0x80;

    /// <summary>Whether a packet with this many bytes holds the sample for this packet number offset.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool HasSample(int packetLength, int packetNumberOffset) =>
        packetNumberOffset >= 1 && packetNumberOffset <= packetLength - PacketProtection.SampleOffset - PacketProtection.SampleLength;

    public static ReadOnlySpan<byte> Sample(ReadOnlySpan<byte> packet, int packetNumberOffset) =>
        packet.Slice(packetNumberOffset + PacketProtection.SampleOffset, PacketProtection.SampleLength);

    public static void ValidateForApply(int packetLength, int packetNumberOffset, int packetNumberLength)
    {
        if (packetNumberLength is < 1 or > 4)
            throw new ArgumentOutOfRangeException(nameof(packetNumberLength), "Packet numbers are 1 to 4 bytes.");
        if (!HasSample(packetLength, packetNumberOffset))
            throw new ArgumentException("The packet is too short for the header-protection sample; pad the payload.");
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static byte FirstByteMask(byte firstByte) => (firstByte & LongHeaderForm) != 0 ? (byte)0x0f : (byte)0x1f;

    /// <summary>XORs the mask into the first byte (header form decides the bits) and the packet number.</summary>
    public static void Apply(Span<byte> packet, int packetNumberOffset, int packetNumberLength, ReadOnlySpan<byte> mask)
    {
        packet[0] ^= (byte)(mask[0] & FirstByteMask(packet[0]));
        Span<byte> packetNumber = packet.Slice(packetNumberOffset, packetNumberLength);
        for (int i = 0; i < packetNumber.Length; i++)
            packetNumber[i] ^= mask[1 + i];
    }

    /// <summary>Unmasks the first byte, learns the packet number length from it, unmasks and reads the packet number.</summary>
    public static void Remove(Span<byte> packet, int packetNumberOffset, ReadOnlySpan<byte> mask,
        out int packetNumberLength, out uint truncatedPacketNumber)
    {
        packet[0] ^= (byte)(mask[0] & FirstByteMask(packet[0]));
        packetNumberLength = (packet[0] & 0x03) + 1;
        Span<byte> packetNumber = packet.Slice(packetNumberOffset, packetNumberLength);
        for (int i = 0; i < packetNumber.Length; i++)
            packetNumber[i] ^= mask[1 + i];
        truncatedPacketNumber = ReadPacketNumber(packetNumber);
    }

    /// <summary>Reads a 1- to 4-byte big-endian packet number.</summary>
    public static uint ReadPacketNumber(ReadOnlySpan<byte> packetNumber) => packetNumber.Length switch
    {
        1 => packetNumber[0],
        2 => BinaryPrimitives.ReadUInt16BigEndian(packetNumber),
        3 => (uint)(packetNumber[0] << 16 | packetNumber[1] << 8 | packetNumber[2]),
        _ => BinaryPrimitives.ReadUInt32BigEndian(packetNumber),
    };
}
