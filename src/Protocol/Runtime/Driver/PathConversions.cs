using QuicKestrel.Protocol.Connection;
using QuicKestrel.Protocol.Endpoint;
using QuicKestrel.Protocol.Runtime.Datapath;

namespace QuicKestrel.Protocol.Runtime.Driver;

/// <summary>The datapath's, the endpoint's and the connection's address values, converted without allocating.</summary>
internal static class PathConversions
{
    public static NetworkAddress ToNetworkAddress(in UdpEndPoint endPoint)
    {
        if (endPoint.IsNone)
            return default;
        Span<byte> bytes = stackalloc byte[UdpEndPoint.IPv6AddressLength];
        return new NetworkAddress(bytes[..endPoint.WriteAddress(bytes)], endPoint.Port);
    }

    public static NetworkAddress ToNetworkAddress(in NetAddress address)
    {
        if (address.IsNone)
            return default;
        Span<byte> bytes = stackalloc byte[NetAddress.IPv6Length];
        return new NetworkAddress(bytes[..address.WriteAddress(bytes)], address.Port);
    }

    public static UdpEndPoint ToUdpEndPoint(in NetworkAddress address)
    {
        if (address.IsNone)
            return default;
        Span<byte> bytes = stackalloc byte[UdpEndPoint.IPv6AddressLength];
        return new UdpEndPoint(bytes[..address.WriteAddress(bytes)], address.Port);
    }

    public static NetAddress ToNetAddress(in NetworkAddress address)
    {
        if (address.IsNone)
            return default;
        Span<byte> bytes = stackalloc byte[NetAddress.IPv6Length];
        return new NetAddress(bytes[..address.WriteAddress(bytes)], address.Port);
    }

    public static PathAddresses ToPath(in DatagramAddresses addresses) =>
        new(ToNetworkAddress(addresses.Local), ToNetworkAddress(addresses.Remote));
}
