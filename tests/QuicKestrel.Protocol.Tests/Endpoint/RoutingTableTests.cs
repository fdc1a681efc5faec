using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Endpoint;

namespace QuicKestrel.Protocol.Tests.Endpoint;

public class RoutingTableTests
{
    private static RoutingTable NewTable() => new(SipHashKey.Create(new SeededRandomSource(21)));

    [Fact]
    public void AddLookupAndRemoveByOwner()
    {
        RoutingTable table = NewTable();
        var cid = new ConnectionIdKey([9, 8, 7, 6, 5, 4, 3, 2]);
        Assert.True(table.TryAdd(cid, 4));
        Assert.False(table.TryAdd(cid, 5));
        Assert.True(table.TryGet(new byte[] { 9, 8, 7, 6, 5, 4, 3, 2 }, out int slot));
        Assert.Equal(4, slot);
        Assert.False(table.TryGet(new byte[] { 9, 8, 7, 6, 5, 4, 3 }, out _));
        Assert.False(table.TryGet(new byte[21], out _));
        Assert.False(table.Remove(cid, 5));
        Assert.True(table.TryGet(cid, out _));
        Assert.True(table.Remove(cid, 4));
        Assert.False(table.TryGet(cid, out _));
        Assert.Equal(0, table.Count);
    }

    [Fact]
    public void LookupsAllocateNothing()
    {
        RoutingTable table = NewTable();
        var generator = new ConnectionIdGenerator(8, new SeededRandomSource(22));
        var ids = new byte[1000][];
        for (int i = 0; i < ids.Length; i++)
        {
            ConnectionIdKey cid = generator.Next();
            ids[i] = cid.Span.ToArray();
            table.TryAdd(cid, i);
        }
        int found = 0;
        found += Lookup(table, ids);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int round = 0; round < 10; round++)
            found += Lookup(table, ids);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(11 * ids.Length, found);
    }

    private static int Lookup(RoutingTable table, byte[][] ids)
    {
        int found = 0;
        for (int i = 0; i < ids.Length; i++)
        {
            if (table.TryGet(ids[i].AsSpan(), out int slot) && slot == i)
                found++;
        }
        return found;
    }

    [Fact]
    public void InitialRoutesNeedTheSameClientAddress()
    {
        var table = new InitialRouteTable(SipHashKey.Create(new SeededRandomSource(23)));
        byte[] dcid = EndpointTestKit.Bytes(8, 1);
        var client = new NetAddress([192, 0, 2, 1], 4433);
        Assert.True(table.TryAdd(new InitialRouteKey(new ConnectionIdKey(dcid), client), 7));
        Assert.True(table.TryGet(dcid, client, out int slot));
        Assert.Equal(7, slot);
        Assert.False(table.TryGet(dcid, new NetAddress([192, 0, 2, 1], 4434), out _));
        Assert.False(table.TryGet(dcid, new NetAddress([192, 0, 2, 9], 4433), out _));
        Assert.False(table.Remove(new InitialRouteKey(new ConnectionIdKey(dcid), client), 8));
        Assert.True(table.Remove(new InitialRouteKey(new ConnectionIdKey(dcid), client), 7));
        Assert.Equal(0, table.Count);
    }

    [Fact]
    public void NetAddressNormalisesMappedIPv4AndComparesIPs()
    {
        byte[] mapped = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 1];
        var a = new NetAddress(mapped, 80);
        var b = new NetAddress([192, 0, 2, 1], 80);
        Assert.Equal(a, b);
        Assert.Equal(System.Net.Sockets.AddressFamily.InterNetwork, a.Family);
        Assert.True(a.HasSameIP(new NetAddress([192, 0, 2, 1], 81)));
        Assert.NotEqual(a, new NetAddress([192, 0, 2, 1], 81));
        var v6 = NetAddress.FromIPEndPoint(new System.Net.IPEndPoint(System.Net.IPAddress.IPv6Loopback, 443));
        Assert.Equal(16, v6.AddressLength);
        Assert.Equal("[::1]:443", v6.ToString());
        Assert.Throws<ArgumentException>(() => new NetAddress(new byte[5], 1));
    }
}
