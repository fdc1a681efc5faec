using System.Net;
using System.Net.Sockets;
using FsCheck;
using FsCheck.Fluent;
using QuicKestrel.Protocol.Runtime.Datapath;

namespace QuicKestrel.Protocol.Tests.Runtime.Datapath;

public class AddressCodecTests
{
    [Fact]
    public void IPv4_mapped_addresses_become_plain_IPv4()
    {
        var mapped = UdpEndPoint.FromIPAddress(IPAddress.Parse("::ffff:192.0.2.33"), 4433);
        Assert.True(mapped.IsIPv4);
        Assert.Equal(new UdpEndPoint([192, 0, 2, 33], 4433), mapped);
        Assert.Equal("192.0.2.33:4433", mapped.ToString());
    }

    [Fact]
    public void Endpoints_compare_by_family_address_port_and_scope()
    {
        var a = UdpEndPoint.FromIPEndPoint(IPEndPoint.Parse("[fe80::1%3]:443"));
        Assert.Equal(3u, a.ScopeId);
        Assert.Equal(a, UdpEndPoint.FromIPEndPoint(IPEndPoint.Parse("[fe80::1%3]:443")));
        Assert.NotEqual(a, UdpEndPoint.FromIPEndPoint(IPEndPoint.Parse("[fe80::1%4]:443")));
        Assert.NotEqual(a, a.WithPort(444));
        Assert.NotEqual(UdpEndPoint.IPv4Any(0), UdpEndPoint.IPv6Any(0)); // same zero bytes, different family
        Assert.True(default(UdpEndPoint).IsNone);
        Assert.True(UdpEndPoint.IPv6Any(1).IsWildcard);
        Assert.False(UdpEndPoint.IPv6Loopback(1).IsWildcard);
        Assert.Equal(IPEndPoint.Parse("[::1]:7"), UdpEndPoint.IPv6Loopback(7).ToIPEndPoint());
    }

    [Fact]
    public void Address_round_trips_through_IPEndPoint_and_both_sockaddr_codecs()
    {
        Prop.ForAll(Addresses(), endPoint =>
        {
            Assert.Equal(endPoint, UdpEndPoint.FromIPEndPoint(endPoint.ToIPEndPoint()));
            Assert.Equal(endPoint, ThroughLinuxSockAddr(endPoint, ipv6Socket: endPoint.IsIPv6));
            Assert.Equal(endPoint, ThroughLinuxSockAddr(endPoint, ipv6Socket: true)); // IPv4 as ::ffff:a.b.c.d
            Assert.Equal(endPoint, ThroughManagedSocketAddress(endPoint, endPoint.Family));
            Assert.Equal(endPoint, ThroughManagedSocketAddress(endPoint, AddressFamily.InterNetworkV6));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Linux_sockaddr_layout_is_the_kernel_one()
    {
        var endPoint = new UdpEndPoint([10, 1, 2, 3], 0x1234);
        byte[] v4 = Encode(endPoint, ipv6Socket: false);
        Assert.Equal("020012340a010203" + "0000000000000000", Convert.ToHexStringLower(v4));
        byte[] v6 = Encode(endPoint, ipv6Socket: true);
        Assert.Equal("0a001234" + "00000000" + "00000000000000000000ffff0a010203" + "00000000", Convert.ToHexStringLower(v6));
    }

    [Fact]
    public unsafe void Garbage_sockaddr_decodes_to_none()
    {
        byte* bytes = stackalloc byte[LinuxSocketAddress.MaxSize];
        new Span<byte>(bytes, LinuxSocketAddress.MaxSize).Fill(0x55);
        Assert.True(LinuxSocketAddress.Read(bytes, LinuxSocketAddress.MaxSize).IsNone);
        Assert.True(LinuxSocketAddress.Read(bytes, 3).IsNone);
    }

    private static Arbitrary<UdpEndPoint> Addresses()
    {
        Gen<ushort> ports = ArbMap.Default.GeneratorFor<ushort>();
        Gen<UdpEndPoint> v4 = Gen.Zip(Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), 4), ports,
            (byte[] address, ushort port) => new UdpEndPoint(address, port));
        Gen<UdpEndPoint> v6 = Gen.Zip(Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), 16), ports,
            (byte[] address, ushort port) => new UdpEndPoint(address, port, (uint)(address[0] % 4)));
        return Gen.OneOf(v4, v6).ToArbitrary();
    }

    private static unsafe byte[] Encode(UdpEndPoint endPoint, bool ipv6Socket)
    {
        byte* bytes = stackalloc byte[LinuxSocketAddress.MaxSize];
        uint length = LinuxSocketAddress.Write(endPoint, ipv6Socket, bytes);
        return new ReadOnlySpan<byte>(bytes, (int)length).ToArray();
    }

    private static unsafe UdpEndPoint ThroughLinuxSockAddr(UdpEndPoint endPoint, bool ipv6Socket)
    {
        byte[] encoded = Encode(endPoint, ipv6Socket);
        fixed (byte* p = encoded)
            return LinuxSocketAddress.Read(p, (uint)encoded.Length);
    }

    private static UdpEndPoint ThroughManagedSocketAddress(UdpEndPoint endPoint, AddressFamily family)
    {
        var address = new SocketAddress(family);
        ManagedSocketAddress.Write(endPoint, address);
        if ((!endPoint.IsIPv4 || family == AddressFamily.InterNetwork) && endPoint.ScopeId == 0)
        {
            // .NET agrees with our encoding (it drops the scope of global addresses, hence scope 0 only).
            var parsed = (IPEndPoint)new IPEndPoint(IPAddress.Any, 0).Create(address);
            Assert.Equal(endPoint.ToIPEndPoint(), parsed);
        }
        return ManagedSocketAddress.Read(address);
    }
}
