using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Endpoint;

namespace QuicKestrel.Protocol.Tests.Endpoint;

public class SipHashTests
{
    // The reference key 00 01 .. 0f of the SipHash paper, as two little-endian words.
    private static readonly SipHashKey ReferenceKey = new(0x0706050403020100UL, 0x0f0e0d0c0b0a0908UL);

    private static byte[] Counting(int length) => Enumerable.Range(0, length).Select(i => (byte)i).ToArray();

    [Fact]
    public void EmptyInputMatchesTheReferenceVector() =>
        Assert.Equal(0x726fdb47dd0e0e31UL, SipHash.Compute(ReferenceKey, []));

    [Fact]
    public void FifteenByteInputMatchesThePaperExample() =>
        Assert.Equal(0xa129ca6149be45e5UL, SipHash.Compute(ReferenceKey, Counting(15)));

    [Fact]
    public void EightByteInputMatchesTheReferenceVector() =>
        Assert.Equal(0x93f5f5799a932462UL, SipHash.Compute(ReferenceKey, Counting(8)));

    [Fact]
    public void TheKeyChangesEveryHash()
    {
        var a = SipHashKey.Create(new SeededRandomSource(1));
        var b = SipHashKey.Create(new SeededRandomSource(2));
        for (int length = 0; length <= 20; length++)
            Assert.NotEqual(SipHash.Compute(a, Counting(length)), SipHash.Compute(b, Counting(length)));
    }

    [Fact]
    public void ComparerAgreesWithEqualityAndSpreadsSimilarIds()
    {
        var comparer = new ConnectionIdComparer(SipHashKey.Create(new SeededRandomSource(3)));
        var x = new ConnectionIdKey([1, 2, 3, 4, 5, 6, 7, 8]);
        var y = new ConnectionIdKey([1, 2, 3, 4, 5, 6, 7, 8]);
        Assert.True(comparer.Equals(x, y));
        Assert.Equal(comparer.GetHashCode(x), comparer.GetHashCode(y));
        // IDs that differ in one bit land in different buckets of a 1024-bucket table nearly always.
        var buckets = new HashSet<int>();
        for (int i = 0; i < 256; i++)
            buckets.Add(comparer.GetHashCode(new ConnectionIdKey([1, 2, 3, 4, 5, 6, 7, (byte)i])) & 1023);
        Assert.True(buckets.Count > 200, $"only {buckets.Count} buckets used");
    }
}
