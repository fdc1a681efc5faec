using System.Buffers.Binary;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Tests.Simulation;

internal delegate bool DatagramPredicate(ReadOnlySpan<byte> datagram);

/// <summary>Long-header packet types (RFC 9000 §17.2), independent of the version's encoding.</summary>
internal enum LongPacketType
{
    Initial,
    ZeroRtt,
    Handshake,
    Retry,
}

/// <summary>Ready-made <see cref="PacketFilter"/>s for targeted scenario tests.</summary>
internal static class SimFilters
{
    /// <summary>Drops the datagrams whose 1-based index on the link lies in [first, last].</summary>
    public static PacketFilter DropIndexRange(long first, long last) =>
        (in SimPacket packet) => packet.Index >= first && packet.Index <= last ? FilterVerdict.Drop : FilterVerdict.Pass;

    /// <summary>Drops every datagram that matches.</summary>
    public static PacketFilter DropWhere(DatagramPredicate predicate) =>
        (in SimPacket packet) => predicate(packet.Data) ? FilterVerdict.Drop : FilterVerdict.Pass;

    /// <summary>Drops the first <paramref name="count"/> matching datagrams, then lets all pass.</summary>
    public static PacketFilter DropFirstMatching(int count, DatagramPredicate predicate)
    {
        int left = count;
        return (in SimPacket packet) =>
        {
            if (left == 0 || !predicate(packet.Data))
                return FilterVerdict.Pass;
            left--;
            return FilterVerdict.Drop;
        };
    }

    /// <summary>True when the datagram starts with a QUIC v1 or v2 Initial packet.</summary>
    public static bool IsQuicInitial(ReadOnlySpan<byte> datagram) =>
        TryGetLongPacketType(datagram, out var type) && type == LongPacketType.Initial;

    /// <summary>True when the datagram starts with a QUIC v1 or v2 Handshake packet.</summary>
    public static bool IsQuicHandshake(ReadOnlySpan<byte> datagram) =>
        TryGetLongPacketType(datagram, out var type) && type == LongPacketType.Handshake;

    /// <summary>The type of the datagram's first packet, when it is a v1 or v2 long-header packet.</summary>
    public static bool TryGetLongPacketType(ReadOnlySpan<byte> datagram, out LongPacketType type)
    {
        type = default;
        if (datagram.Length < 5 || (datagram[0] & 0x80) == 0)
            return false;
        uint version = BinaryPrimitives.ReadUInt32BigEndian(datagram[1..]);
        int bits = (datagram[0] >> 4) & 0x3;
        if (version == QuicVersion.V1)
        {
            type = (LongPacketType)bits;
            return true;
        }
        if (version == QuicVersion.V2)
        {
            // RFC 9369 §3.2: v2 rotates the codes (Initial 0b01, 0-RTT 0b10, Handshake 0b11, Retry 0b00).
            type = (LongPacketType)((bits + 3) & 0x3);
            return true;
        }
        return false;
    }
}
