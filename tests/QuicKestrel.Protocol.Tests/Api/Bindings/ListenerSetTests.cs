using System.Net;
using QuicKestrel.Protocol.Runtime.Binding;
using QuicKestrel.Protocol.Runtime.Datapath;

namespace QuicKestrel.Protocol.Tests.Api.Bindings;

/// <summary>The listeners of one binding: MsQuic's ALPN_IN_USE rule, lookup order and ALPN choice.</summary>
public class ListenerSetTests
{
    private static readonly byte[] H3 = "h3"u8.ToArray();
    private static readonly byte[] Hq = "hq-interop"u8.ToArray();

    private static BindingListener Listener(string? address, params byte[][] alpns) =>
        new(address is null ? default : UdpEndPoint.FromIPAddress(IPAddress.Parse(address), 4433), address is null, alpns, address ?? "any");

    private static byte[] WireList(params byte[][] alpns) => alpns.SelectMany(a => new[] { (byte)a.Length }.Concat(a)).ToArray();

    [Fact]
    public void The_same_address_with_an_overlapping_ALPN_is_refused_other_addresses_and_ALPNs_are_not()
    {
        var set = new ListenerSet();
        Assert.True(set.TryAdd(Listener("127.0.0.1", H3)));
        Assert.False(set.TryAdd(Listener("127.0.0.1", Hq, H3)));
        Assert.True(set.TryAdd(Listener("127.0.0.1", Hq)));
        Assert.True(set.TryAdd(Listener("127.0.0.2", H3)));
        Assert.True(set.TryAdd(Listener("0.0.0.0", H3))); // a wildcard is another address
        Assert.True(set.TryAdd(Listener(null, H3))); // and so is "no address" (both families)
        Assert.False(set.TryAdd(Listener(null, H3)));
        Assert.Equal(5, set.Count);
    }

    [Fact]
    public void A_specific_address_wins_over_a_wildcard_and_families_are_kept_apart()
    {
        var set = new ListenerSet();
        BindingListener any = Listener(null, H3);
        BindingListener wildcard = Listener("0.0.0.0", H3);
        BindingListener loopback = Listener("127.0.0.1", H3);
        BindingListener v6 = Listener("::1", H3);
        set.TryAdd(any);
        set.TryAdd(wildcard);
        set.TryAdd(loopback);
        set.TryAdd(v6);
        Assert.Same(loopback, set.Find(UdpEndPoint.IPv4Loopback(4433), WireList(H3), out _));
        Assert.Same(wildcard, set.Find(UdpEndPoint.FromIPAddress(IPAddress.Parse("10.0.0.1"), 4433), WireList(H3), out _));
        Assert.Same(v6, set.Find(UdpEndPoint.IPv6Loopback(4433), WireList(H3), out _));
        Assert.Same(any, set.Find(UdpEndPoint.FromIPAddress(IPAddress.Parse("fe80::1"), 4433), WireList(H3), out _));
        set.Remove(loopback);
        Assert.Same(wildcard, set.Find(UdpEndPoint.IPv4Loopback(4433), WireList(H3), out _));
    }

    [Fact]
    public void The_chosen_ALPN_is_the_first_of_the_listeners_that_the_client_offers()
    {
        var set = new ListenerSet();
        set.TryAdd(Listener(null, Hq, H3));
        Assert.NotNull(set.Find(default, WireList(H3, Hq), out ReadOnlySpan<byte> chosen));
        Assert.Equal(Hq, chosen.ToArray());
        Assert.Null(set.Find(default, WireList("other"u8.ToArray()), out _));
        Assert.Null(set.Find(default, [5, (byte)'h'], out _)); // a malformed list matches nothing
    }
}
