using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Wire;
using static QuicKestrel.Protocol.Tests.Crypto.VectorData;

namespace QuicKestrel.Protocol.Tests.Crypto;

/// <summary>RFC 9001 A.4 and RFC 9369 A.4: the Retry Integrity Tag.</summary>
public class RetryIntegrityTests
{
    [Theory]
    [InlineData(QuicVersion.V1)]
    [InlineData(QuicVersion.V2)]
    public void Computes_the_rfc_tag(uint version)
    {
        byte[] retry = Hex(For(version).Retry);
        var tag = new byte[RetryIntegrity.TagLength];
        RetryIntegrity.ComputeTag(version, ClientDcid, retry.AsSpan(0, retry.Length - 16), tag);
        Assert.Equal(ToHex(retry.AsSpan(retry.Length - 16)), ToHex(tag));
    }

    [Theory]
    [InlineData(QuicVersion.V1)]
    [InlineData(QuicVersion.V2)]
    public void Verifies_the_rfc_packet_and_rejects_every_altered_byte(uint version)
    {
        byte[] retry = Hex(For(version).Retry);
        Assert.True(RetryIntegrity.Verify(version, ClientDcid, retry));
        for (int i = 0; i < retry.Length; i++)
        {
            retry[i] ^= 0x01;
            Assert.False(RetryIntegrity.Verify(version, ClientDcid, retry));
            retry[i] ^= 0x01;
        }
    }

    [Theory]
    [InlineData(QuicVersion.V1)]
    [InlineData(QuicVersion.V2)]
    public void Rejects_another_original_connection_id_or_version(uint version)
    {
        byte[] retry = Hex(For(version).Retry);
        byte[] otherDcid = (byte[])ClientDcid.Clone();
        otherDcid[^1] ^= 0x80;
        Assert.False(RetryIntegrity.Verify(version, otherDcid, retry));
        Assert.False(RetryIntegrity.Verify(version, ClientDcid.AsSpan(0, 7), retry));
        Assert.False(RetryIntegrity.Verify(version == QuicVersion.V1 ? QuicVersion.V2 : QuicVersion.V1, ClientDcid, retry));
    }

    [Fact]
    public void Malformed_input_is_rejected_without_throwing()
    {
        Assert.False(RetryIntegrity.Verify(QuicVersion.V1, ClientDcid, new byte[15]));
        Assert.False(RetryIntegrity.Verify(QuicVersion.V1, ClientDcid, ReadOnlySpan<byte>.Empty));
        Assert.False(RetryIntegrity.Verify(0xbabababa, ClientDcid, Hex(QuicProtectionVectors.V1.Retry)));
        Assert.False(RetryIntegrity.Verify(QuicVersion.V1, new byte[21], Hex(QuicProtectionVectors.V1.Retry)));
        Assert.Throws<ArgumentOutOfRangeException>(() => RetryIntegrity.ComputeTag(0xbabababa, ClientDcid, new byte[30], new byte[16]));
        Assert.Throws<ArgumentException>(() => RetryIntegrity.ComputeTag(QuicVersion.V1, new byte[21], new byte[30], new byte[16]));
    }

    [Theory]
    [InlineData(QuicVersion.V1)]
    [InlineData(QuicVersion.V2)]
    public void Large_retry_packets_round_trip(uint version)
    {
        // Beyond the stack limit the pseudo-packet goes to a pooled buffer.
        var retry = new byte[4000];
        new Random(7).NextBytes(retry);
        RetryIntegrity.ComputeTag(version, ClientDcid, retry.AsSpan(0, retry.Length - 16), retry.AsSpan(retry.Length - 16));
        Assert.True(RetryIntegrity.Verify(version, ClientDcid, retry));
        retry[2000] ^= 0x40;
        Assert.False(RetryIntegrity.Verify(version, ClientDcid, retry));
    }

    [Fact]
    public void Threads_compute_tags_concurrently()
    {
        byte[] retry = Hex(QuicProtectionVectors.V2.Retry);
        var failures = 0;
        var threads = new Thread[4];
        for (int t = 0; t < threads.Length; t++)
        {
            threads[t] = new Thread(() =>
            {
                for (int i = 0; i < 500; i++)
                {
                    if (!RetryIntegrity.Verify(QuicVersion.V2, ClientDcid, retry) || RetryIntegrity.Verify(QuicVersion.V1, ClientDcid, retry))
                        Interlocked.Increment(ref failures);
                }
            });
            threads[t].Start();
        }
        foreach (Thread thread in threads)
            thread.Join();
        Assert.Equal(0, failures);
    }
}
