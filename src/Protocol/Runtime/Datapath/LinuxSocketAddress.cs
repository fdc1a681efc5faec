using System.Buffers.Binary;

namespace QuicKestrel.Protocol.Runtime.Datapath;

/// <summary>
/// Encodes and decodes struct sockaddr_in / sockaddr_in6. On an IPv6 (dual-stack) socket
/// IPv4 endpoints travel as ::ffff:a.b.c.d; decoding turns those back into plain IPv4.
/// </summary>
internal static unsafe class LinuxSocketAddress
{
    /// <summary>Room for either form.</summary>
    public const int MaxSize = 32;

    /// <summary>Writes the endpoint for a socket of the given family; returns the length.</summary>
    public static uint Write(in UdpEndPoint endPoint, bool ipv6Socket, byte* destination)
    {
        var bytes = new Span<byte>(destination, MaxSize);
        bytes.Clear();
        BinaryPrimitives.WriteUInt16BigEndian(bytes.Slice(2), endPoint.Port);
        if (!ipv6Socket)
        {
            *(ushort*)destination = LinuxConstants.AF_INET;
            endPoint.WriteAddress(bytes.Slice(4));
            return LinuxConstants.SockAddrIn4Size;
        }

        *(ushort*)destination = LinuxConstants.AF_INET6;
        endPoint.WriteIPv6MappedAddress(bytes.Slice(8));
        *(uint*)(destination + 24) = endPoint.ScopeId;
        return LinuxConstants.SockAddrIn6Size;
    }

    /// <summary>Decodes what the kernel wrote; <c>default</c> for anything else (e.g. an empty name).</summary>
    public static UdpEndPoint Read(byte* source, uint length)
    {
        if (length < LinuxConstants.SockAddrIn4Size)
            return default;
        var bytes = new ReadOnlySpan<byte>(source, (int)length);
        ushort port = BinaryPrimitives.ReadUInt16BigEndian(bytes.Slice(2));
        ushort family = *(ushort*)source;
        if (family == LinuxConstants.AF_INET)
            return new UdpEndPoint(bytes.Slice(4, UdpEndPoint.IPv4AddressLength), port);
        if (family == LinuxConstants.AF_INET6 && length >= LinuxConstants.SockAddrIn6Size)
            return new UdpEndPoint(bytes.Slice(8, UdpEndPoint.IPv6AddressLength), port, *(uint*)(source + 24));
        return default;
    }
}
