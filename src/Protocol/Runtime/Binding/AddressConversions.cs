using QuicKestrel.Protocol.Endpoint;
using QuicKestrel.Protocol.Runtime.Datapath;

namespace QuicKestrel.Protocol.Runtime.Binding;

/// <summary>
/// The datapath's <see cref="UdpEndPoint"/> and the endpoint's <see cref="NetAddress"/> are the
/// same value in two layers; these convert without allocating (both normalise IPv4-mapped IPv6).
/// </summary>
internal static class AddressConversions
{
    public static NetAddress ToNetAddress(in UdpEndPoint endPoint)
    {
        if (endPoint.IsNone)
            return default;
        Span<byte> bytes = stackalloc byte[UdpEndPoint.IPv6AddressLength];
        int length = endPoint.WriteAddress(bytes);
        return new NetAddress(bytes[..length], endPoint.Port, endPoint.ScopeId);
    }

    public static UdpEndPoint ToUdpEndPoint(in NetAddress address)
    {
        if (address.IsNone)
            return default;
        Span<byte> bytes = stackalloc byte[NetAddress.IPv6Length];
        int length = address.WriteAddress(bytes);
        return new UdpEndPoint(bytes[..length], address.Port, address.ScopeId);
    }
}
