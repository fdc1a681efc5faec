using System.Buffers.Binary;
using static QuicKestrel.Protocol.Runtime.Datapath.LinuxConstants;

namespace QuicKestrel.Protocol.Runtime.Datapath;

/// <summary>What the control messages of one received message said.</summary>
internal struct ReceivedControl
{
    public int SegmentSize;     // UDP_GRO; 0 when the datagram was not coalesced
    public EcnCodepoint Ecn;
    public UdpEndPoint LocalAddress;  // IP_PKTINFO / IPV6_PKTINFO destination (port 0)
    public int InterfaceIndex;
}

/// <summary>
/// Writes and parses the ancillary data of sendmsg/recvmsg (cmsg(3)): UDP_SEGMENT for GSO,
/// IP_TOS / IPV6_TCLASS for ECN, IP_PKTINFO / IPV6_PKTINFO for the local address, UDP_GRO
/// for the coalesced segment size.
/// </summary>
internal static unsafe class LinuxControlMessages
{
    private static readonly int HeaderSize = sizeof(ControlMessageHeader);

    /// <summary>Enough for ECN + PKTINFO + UDP_SEGMENT on send.</summary>
    public const int SendSpace = 128;

    /// <summary>Enough for everything a receive can carry (GRO, TOS, both PKTINFOs, TCLASS).</summary>
    public const int ReceiveSpace = 256;

    public static int Space(int dataLength) => HeaderSize + Align(dataLength);

    /// <summary>UDP_SEGMENT: the kernel splits the payload into datagrams of this size (GSO).</summary>
    public static int WriteSegmentSize(byte* at, ushort segmentSize)
    {
        WriteHeader(at, SOL_UDP, UDP_SEGMENT, sizeof(ushort));
        *(ushort*)(at + HeaderSize) = segmentSize;
        return Space(sizeof(ushort));
    }

    /// <summary>The TOS (IPv4, also for IPv4 on a dual-stack socket) or traffic class (IPv6) byte.</summary>
    public static int WriteTrafficClass(byte* at, bool ipv4, int value)
    {
        if (ipv4)
            WriteHeader(at, SOL_IP, IP_TOS, sizeof(int));
        else
            WriteHeader(at, SOL_IPV6, IPV6_TCLASS, sizeof(int));
        *(int*)(at + HeaderSize) = value;
        return Space(sizeof(int));
    }

    /// <summary>The source address to send from (in_pktinfo.ipi_spec_dst / in6_pktinfo.ipi6_addr).</summary>
    public static int WritePacketInfo(byte* at, in UdpEndPoint local)
    {
        byte* data = at + HeaderSize;
        if (local.IsIPv4)
        {
            const int size = 12; // ifindex, spec_dst, addr
            WriteHeader(at, SOL_IP, IP_PKTINFO, size);
            new Span<byte>(data, size).Clear();
            local.WriteAddress(new Span<byte>(data + 4, 4));
            return Space(size);
        }
        const int size6 = 20; // addr, ifindex
        WriteHeader(at, SOL_IPV6, IPV6_PKTINFO, size6);
        local.WriteAddress(new Span<byte>(data, 16));
        *(int*)(data + 16) = (int)local.ScopeId;
        return Space(size6);
    }

    /// <summary>Reads the control messages a receive returned; unknown ones are skipped.</summary>
    public static ReceivedControl Parse(byte* control, nuint length)
    {
        var result = default(ReceivedControl);
        nuint offset = 0;
        while (offset + (nuint)HeaderSize <= length)
        {
            var header = (ControlMessageHeader*)(control + offset);
            if (header->Length < (nuint)HeaderSize || offset + header->Length > length)
                break;
            var data = new ReadOnlySpan<byte>(control + offset + (nuint)HeaderSize, (int)header->Length - HeaderSize);
            Apply(header->Level, header->Type, data, ref result);
            offset += (nuint)Align((int)header->Length);
        }
        return result;
    }

    private static void Apply(int level, int type, ReadOnlySpan<byte> data, ref ReceivedControl result)
    {
        switch (level, type)
        {
            case (SOL_UDP, UDP_GRO) when data.Length >= sizeof(int):
                result.SegmentSize = BinaryPrimitives.ReadInt32LittleEndian(data);
                break;
            case (SOL_IP, IP_TOS) when data.Length >= 1:
                result.Ecn = (EcnCodepoint)(data[0] & 0b11);
                break;
            case (SOL_IPV6, IPV6_TCLASS) when data.Length >= sizeof(int):
                result.Ecn = (EcnCodepoint)(data[0] & 0b11);
                break;
            case (SOL_IP, IP_PKTINFO) when data.Length >= 12:
                result.InterfaceIndex = BinaryPrimitives.ReadInt32LittleEndian(data);
                result.LocalAddress = new UdpEndPoint(data.Slice(8, 4), 0);
                break;
            case (SOL_IPV6, IPV6_PKTINFO) when data.Length >= 20 && result.LocalAddress.IsNone:
                result.InterfaceIndex = BinaryPrimitives.ReadInt32LittleEndian(data.Slice(16));
                // A link-local address means nothing without its interface: keep it as the scope.
                bool linkLocal = data[0] == 0xFE && (data[1] & 0xC0) == 0x80;
                result.LocalAddress = new UdpEndPoint(data[..16], 0, linkLocal ? (uint)result.InterfaceIndex : 0);
                break;
        }
    }

    private static void WriteHeader(byte* at, int level, int type, int dataLength)
    {
        var header = (ControlMessageHeader*)at;
        header->Length = (nuint)(HeaderSize + dataLength);
        header->Level = level;
        header->Type = type;
    }

    private static int Align(int length) => (length + 7) & ~7;
}
