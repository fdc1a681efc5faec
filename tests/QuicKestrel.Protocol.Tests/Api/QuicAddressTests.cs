using System.Net;
using System.Runtime.InteropServices;
using FsCheck;
using FsCheck.Fluent;
using QuicKestrel.Protocol.Api;
using QuicKestrel.Protocol.Runtime.Datapath;

namespace QuicKestrel.Protocol.Tests.Api;

public class QuicAddressTests
{
    [Fact]
    public void IPv4_bytes_are_a_linux_sockaddr_in()
    {
        var address = new QuicAddress(IPEndPoint.Parse("192.0.2.7:4433"));
        Assert.Equal("0200" + "1151" + "c0000207" + "0000000000000000" + "000000000000000000000000", Hex(address));
        Assert.Equal(QuicAddressFamily.Inet, address.Family);
        Assert.Equal(4433, address.Port);
        Assert.Equal(0u, address.ScopeId);
    }

    [Fact]
    public void IPv6_bytes_are_a_linux_sockaddr_in6()
    {
        var address = new QuicAddress(IPEndPoint.Parse("[fe80::1:2%5]:443"));
        Assert.Equal("0a00" + "01bb" + "00000000" + "fe800000000000000000000000010002" + "05000000", Hex(address));
        Assert.Equal(QuicAddressFamily.Inet6, address.Family);
        Assert.Equal(443, address.Port);
        Assert.Equal(5u, address.ScopeId);
    }

    [Fact]
    public void Raw_sockaddr_bytes_read_back_as_the_address()
    {
        byte[] bytes = Convert.FromHexString("0200" + "0050" + "7f000001" + new string('0', 40));
        QuicAddress address = MemoryMarshal.Read<QuicAddress>(bytes);
        Assert.Equal(IPEndPoint.Parse("127.0.0.1:80"), address.ToIPEndPoint());
    }

    [Fact]
    public void Addresses_round_trip_through_IPEndPoint_bytes_and_the_datapath_endpoint()
    {
        Prop.ForAll(EndPoints(), endPoint =>
        {
            var address = new QuicAddress(endPoint);
            Assert.Equal(endPoint, address.ToIPEndPoint());
            Assert.Equal(address, MemoryMarshal.Read<QuicAddress>(MemoryMarshal.AsBytes(new ReadOnlySpan<QuicAddress>(in address))));
            Assert.Equal(address, QuicAddress.FromUdpEndPoint(address.ToUdpEndPoint()));
            Assert.True(QuicAddress.TryParse(endPoint.ToString(), out QuicAddress parsed));
            Assert.Equal(address, parsed);
            Assert.Equal(endPoint.ToString(), address.ToString());
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Wildcards_carry_family_and_port()
    {
        var any = new QuicAddress(QuicAddressFamily.Unspec, 4433);
        Assert.True(any.IsWildcard);
        Assert.Equal(QuicAddressFamily.Unspec, any.Family);
        Assert.Equal(IPEndPoint.Parse("[::]:4433"), any.ToIPEndPoint());
        Assert.True(default(UdpEndPoint) == any.ToUdpEndPoint());

        var v4 = new QuicAddress(QuicAddressFamily.Inet, 1);
        Assert.True(v4.IsWildcard);
        Assert.Equal(IPEndPoint.Parse("0.0.0.0:1"), v4.ToIPEndPoint());
        Assert.True(new QuicAddress(QuicAddressFamily.Inet6, 1).IsWildcard);
        Assert.False(new QuicAddress(IPAddress.Loopback, 1).IsWildcard);
        Assert.NotEqual(v4, new QuicAddress(QuicAddressFamily.Inet6, 1)); // same zero bytes, different family
        Assert.Throws<ArgumentOutOfRangeException>(() => new QuicAddress((QuicAddressFamily)7, 1));
    }

    [Fact]
    public void Equality_ignores_padding_bytes()
    {
        byte[] clean = Convert.FromHexString("0200" + "0050" + "7f000001" + new string('0', 40));
        byte[] dirty = (byte[])clean.Clone();
        dirty[8] = 0xEE; // sin_zero
        dirty[27] = 0xEE; // beyond sockaddr_in
        QuicAddress a = MemoryMarshal.Read<QuicAddress>(clean);
        QuicAddress b = MemoryMarshal.Read<QuicAddress>(dirty);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, new QuicAddress(IPEndPoint.Parse("127.0.0.1:81")));
        Assert.NotEqual(new QuicAddress(IPEndPoint.Parse("[fe80::1%1]:1")), new QuicAddress(IPEndPoint.Parse("[fe80::1%2]:1")));
    }

    [Theory]
    [InlineData("10.0.0.1", "10.0.0.1:0")]
    [InlineData("10.0.0.1:9", "10.0.0.1:9")]
    [InlineData("::1", "[::1]:0")]
    [InlineData("[::1]:9", "[::1]:9")]
    public void TryParse_accepts_addresses_with_or_without_port(string text, string expected)
    {
        Assert.True(QuicAddress.TryParse(text, out QuicAddress address));
        Assert.Equal(expected, address.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("localhost:80")]
    [InlineData("10.0.0.1:70000")]
    public void TryParse_refuses_what_is_not_an_address(string? text)
    {
        Assert.False(QuicAddress.TryParse(text, out QuicAddress address));
        Assert.Equal(default, address);
    }

    [Fact]
    public void IPv4_mapped_IPv6_stays_IPv6_in_the_raw_form_but_not_on_the_datapath()
    {
        var mapped = new QuicAddress(IPEndPoint.Parse("[::ffff:10.1.2.3]:53"));
        Assert.Equal(QuicAddressFamily.Inet6, mapped.Family);
        Assert.True(mapped.ToUdpEndPoint().IsIPv4); // the datapath normalises mapped addresses
    }

    private static Arbitrary<IPEndPoint> EndPoints()
    {
        Gen<IPAddress> v4 = ArbMap.Default.GeneratorFor<byte[]>().Select(b => new IPAddress(Pad(b, 4)));
        Gen<IPAddress> v6 = ArbMap.Default.GeneratorFor<(byte[], uint)>()
            .Select(t => new IPAddress(NotMapped(Pad(t.Item1, 16)), t.Item2 % 64));
        Gen<int> ports = Gen.Choose(0, 65535);
        return Gen.OneOf(v4, v6).Zip(ports, (address, port) => new IPEndPoint(address, port)).ToArbitrary();
    }

    private static byte[] Pad(byte[] bytes, int length)
    {
        var result = new byte[length];
        bytes.AsSpan(0, Math.Min(bytes.Length, length)).CopyTo(result);
        return result;
    }

    private static byte[] NotMapped(byte[] v6)
    {
        v6[0] |= 0x20; // keep clear of ::ffff:0:0/96, which IPAddress formats as IPv4
        return v6;
    }

    private static string Hex(QuicAddress address) =>
        Convert.ToHexStringLower(MemoryMarshal.AsBytes(new ReadOnlySpan<QuicAddress>(in address)));
}
