using QuicKestrel.Protocol.Endpoint;

namespace QuicKestrel.Protocol.Tests.Endpoint;

public class TokenStoreTests
{
    [Fact]
    public void ReplayCacheRefusesASecondUseUntilTheTokenExpires()
    {
        var cache = new TokenReplayCache(capacity: 10);
        Assert.True(cache.TryUse(1, forgetAtUnixMicros: 100, nowUnixMicros: 0));
        Assert.False(cache.TryUse(1, 100, 50));
        Assert.True(cache.TryUse(2, 100, 50));
        // Once expired, the entry goes (the token itself would no longer validate).
        Assert.True(cache.TryUse(1, 300, 100));
    }

    [Fact]
    public void ReplayCacheIsBoundedAndForgetsTheOldestFirst()
    {
        var cache = new TokenReplayCache(capacity: 3);
        for (ulong i = 1; i <= 3; i++)
            Assert.True(cache.TryUse(i, 1000, 0));
        Assert.True(cache.TryUse(4, 1000, 0));
        Assert.Equal(3, cache.Count);
        Assert.True(cache.TryUse(1, 1000, 0)); // forgotten: the "-ish" of single use
        Assert.False(cache.TryUse(4, 1000, 0));
    }

    [Fact]
    public void ClientStoreHandsOutTheNewestTokenOnce()
    {
        var store = new ClientTokenStore();
        store.Add("example.com", [1]);
        store.Add("example.com", [2]);
        store.Add("other.net", [9]);
        Assert.True(store.TryTake("EXAMPLE.com", out byte[] token));
        Assert.Equal(new byte[] { 2 }, token);
        Assert.True(store.TryTake("example.com", out token));
        Assert.Equal(new byte[] { 1 }, token);
        Assert.False(store.TryTake("example.com", out _));
        Assert.True(store.TryTake("other.net", out token));
        Assert.Equal(new byte[] { 9 }, token);
    }

    [Fact]
    public void ClientStoreIsABoundedLru()
    {
        var store = new ClientTokenStore(serverCapacity: 2, tokensPerServer: 2);
        store.Add("a", [1]);
        store.Add("b", [2]);
        store.Add("a", [3]);  // a is now the most recent
        store.Add("c", [4]);  // evicts b
        Assert.Equal(2, store.ServerCount);
        Assert.False(store.TryTake("b", out _));
        store.Add("a", [5]);  // keeps the two newest for a
        Assert.True(store.TryTake("a", out byte[] token));
        Assert.Equal(new byte[] { 5 }, token);
        Assert.True(store.TryTake("a", out token));
        Assert.Equal(new byte[] { 3 }, token);
        Assert.False(store.TryTake("a", out _));
        store.Add("d", []);
        Assert.False(store.TryTake("d", out _));
    }
}
