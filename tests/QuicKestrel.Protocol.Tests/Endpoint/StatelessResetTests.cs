using FsCheck;
using FsCheck.Fluent;
using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Endpoint;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Tests.Endpoint;

public class StatelessResetTests
{
    [Fact]
    public void TokenIsAKeyedFunctionOfTheConnectionId()
    {
        byte[] key = EndpointTestKit.Bytes(32, 4);
        var a = new StatelessResetTokenGenerator(key);
        var b = new StatelessResetTokenGenerator(key);
        var other = new StatelessResetTokenGenerator(EndpointTestKit.Bytes(32, 5));
        byte[] cid = EndpointTestKit.Bytes(8, 1);
        Assert.Equal(16, a.Compute(cid).Length);
        // A restarted endpoint with the same key computes the same token: that is the point.
        Assert.Equal(a.Compute(cid), b.Compute(cid));
        Assert.NotEqual(a.Compute(cid), a.Compute(EndpointTestKit.Bytes(8, 2)));
        Assert.NotEqual(a.Compute(cid), other.Compute(cid));
        // HMAC-SHA256 truncated to 16 bytes.
        byte[] mac = System.Security.Cryptography.HMACSHA256.HashData(key, cid);
        Assert.Equal(mac[..16], a.Compute(cid).Span.ToArray());
        Assert.Throws<ArgumentException>(() => new StatelessResetTokenGenerator(new byte[31]));
    }

    [Fact]
    public void ResetIsAlwaysSmallerThanItsTriggerAndAtLeast21Bytes()
    {
        var random = new SeededRandomSource(8);
        Prop.ForAll(Gen.Choose(0, 2000).ToArbitrary(), Gen.Choose(0, 1500).ToArbitrary(), (trigger, maximum) =>
        {
            bool answered = StatelessResetPacket.TryChooseLength(trigger, maximum, random, out int length);
            if (trigger <= 21)
                return !answered;
            return answered && length < trigger && length >= 21
                && (length <= Math.Max(maximum, 21))
                && (trigger > 43 || maximum < trigger - 1 || length == trigger - 1);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void LargeTriggersGetResetsBetween43BytesAndTheCap()
    {
        var random = new SeededRandomSource(9);
        var lengths = new HashSet<int>();
        for (int i = 0; i < 500; i++)
        {
            Assert.True(StatelessResetPacket.TryChooseLength(1200, 64, random, out int length));
            Assert.InRange(length, 43, 64);
            lengths.Add(length);
        }
        Assert.True(lengths.Count > 10, "sizes vary so resets do not stand out by a fixed length");
        Assert.True(StatelessResetPacket.TryChooseLength(30, 64, random, out int small));
        Assert.Equal(29, small);
    }

    [Fact]
    public void PacketLooksLikeAShortHeaderAndEndsInTheToken()
    {
        var random = new SeededRandomSource(10);
        byte[] token = EndpointTestKit.Bytes(16, 90);
        var firstBytes = new HashSet<byte>();
        for (int i = 0; i < 64; i++)
        {
            var packet = new byte[50];
            StatelessResetPacket.Write(packet, 40, token, random);
            Assert.Equal(0x40, packet[0] & 0xC0);
            Assert.Equal(token, packet[24..40]);
            Assert.All(packet[40..], b => Assert.Equal(0, b));
            firstBytes.Add(packet[0]);
            Assert.True(PacketHeader.TryParse(packet.AsSpan(0, 40), 8, out PacketHeader header));
            Assert.Equal(PacketType.OneRtt, header.Type);
        }
        Assert.True(firstBytes.Count > 16, "the unprotected bits are random");
        Assert.Throws<ArgumentException>(() => StatelessResetPacket.Write(new byte[64], 20, token, random));
    }

    [Fact]
    public void TokenBucketAllowsABurstThenTheRate()
    {
        var bucket = new TokenBucket(ratePerSecond: 10, burst: 3);
        long now = 5_000_000;
        Assert.True(bucket.TryTake(now));
        Assert.True(bucket.TryTake(now));
        Assert.True(bucket.TryTake(now));
        Assert.False(bucket.TryTake(now));
        Assert.False(bucket.TryTake(now + 99_999));
        Assert.True(bucket.TryTake(now + 100_000));
        Assert.False(bucket.TryTake(now + 100_000));
        // A long idle time refills to the burst only.
        now += 3_600_000_000;
        int taken = 0;
        while (bucket.TryTake(now) && taken < 100)
            taken++;
        Assert.Equal(3, taken);
        var off = new TokenBucket(0, 10);
        Assert.False(off.TryTake(0));
        Assert.False(off.TryTake(long.MaxValue / 2));
    }
}
