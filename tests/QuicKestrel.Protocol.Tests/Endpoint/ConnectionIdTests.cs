using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Endpoint;

namespace QuicKestrel.Protocol.Tests.Endpoint;

public class ConnectionIdTests
{
    [Fact]
    public void KeyHoldsUpToTwentyBytesAndComparesByValue()
    {
        var a = new ConnectionIdKey([1, 2, 3]);
        Assert.Equal(3, a.Length);
        Assert.Equal(new byte[] { 1, 2, 3 }, a.Span.ToArray());
        Assert.Equal(a, new ConnectionIdKey([1, 2, 3]));
        Assert.NotEqual(a, new ConnectionIdKey([1, 2, 3, 0]));
        Assert.NotEqual(a, new ConnectionIdKey([1, 2]));
        Assert.True(default(ConnectionIdKey).IsEmpty);
        Assert.True(ConnectionIdKey.TryCreate(new byte[20], out var twenty));
        Assert.Equal(20, twenty.Length);
        Assert.False(ConnectionIdKey.TryCreate(new byte[21], out _));
        Assert.Throws<ArgumentException>(() => new ConnectionIdKey(new byte[21]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(8)]
    [InlineData(16)]
    [InlineData(20)]
    public void GeneratorMakesIdsOfItsLength(int length)
    {
        var generator = new ConnectionIdGenerator(length, new SeededRandomSource(5));
        var seen = new HashSet<ConnectionIdKey>();
        for (int i = 0; i < 1000; i++)
        {
            ConnectionIdKey cid = generator.Next();
            Assert.Equal(length, cid.Length);
            seen.Add(cid);
        }
        Assert.Equal(length == 0 ? 1 : 1000, seen.Count);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(21)]
    public void GeneratorRejectsUnusableLengths(int length) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConnectionIdGenerator(length, new SeededRandomSource(1)));

    [Fact]
    public void ClientInitialDestinationIsAtLeastEightRandomBytes()
    {
        var random = new SeededRandomSource(9);
        Assert.Equal(8, ConnectionIdGenerator.NextInitialDestination(random).Length);
        Assert.Equal(20, ConnectionIdGenerator.NextInitialDestination(random, 20).Length);
        Assert.NotEqual(ConnectionIdGenerator.NextInitialDestination(random), ConnectionIdGenerator.NextInitialDestination(random));
        Assert.Throws<ArgumentOutOfRangeException>(() => ConnectionIdGenerator.NextInitialDestination(random, 7));
    }

    [Fact]
    public void RouteByteIsRecoverableWithTheKeyButVariesOnTheWire()
    {
        var key = SipHashKey.Create(new SeededRandomSource(11));
        var random = new SeededRandomSource(12);
        var firstBytes = new HashSet<byte>();
        for (byte route = 0; route < 8; route++)
        {
            var generator = new ConnectionIdGenerator(8, random, new ConnectionIdRouting(key, route));
            for (int i = 0; i < 200; i++)
            {
                ConnectionIdKey cid = generator.Next();
                Assert.Equal(route, ConnectionIdRouting.ReadRoute(key, cid.Span));
                firstBytes.Add(cid.Span[0]);
            }
        }
        // The route is masked per ID, so the first byte does not give the worker away.
        Assert.True(firstBytes.Count > 200, $"first bytes took only {firstBytes.Count} values");
        var otherKey = SipHashKey.Create(new SeededRandomSource(13));
        var stamped = new ConnectionIdGenerator(8, random, new ConnectionIdRouting(key, 5));
        int matches = 0;
        for (int i = 0; i < 256; i++)
            matches += ConnectionIdRouting.ReadRoute(otherKey, stamped.Next().Span) == 5 ? 1 : 0;
        Assert.True(matches < 16, "without the key the route byte looks random");
    }
}
