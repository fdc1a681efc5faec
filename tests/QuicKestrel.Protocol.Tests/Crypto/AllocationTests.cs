using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Tests.Crypto;

/// <summary>The packet path allocates nothing once the protection objects exist.</summary>
public class AllocationTests
{
    public static TheoryData<ushort, uint> SuitesAndVersions() => TamperTests.SuitesAndVersions();

    [Theory]
    [MemberData(nameof(SuitesAndVersions))]
    public void Protect_and_unprotect_allocate_nothing(ushort suiteCode, uint version)
    {
        var (sender, receiver) = TestPackets.Pair((CipherSuite)suiteCode, version, seed: 31);
        using (sender)
        using (receiver)
        {
            byte[] packet = TestPackets.ShortHeader(1200 - 9 - 4 - 16, 0, 4, false, 1, out int pnOffset);
            byte[] plain = (byte[])packet.Clone();
            RoundTrips(sender, receiver, packet, plain, pnOffset, 20); // warm up
            long before = GC.GetAllocatedBytesForCurrentThread();
            RoundTrips(sender, receiver, packet, plain, pnOffset, 200);
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }

    [Fact]
    public void Portable_aes_header_protection_allocates_nothing()
    {
        var key = new AesHeaderProtectionKey(new byte[16], useAesInstructions: false);
        Span<byte> sample = stackalloc byte[16];
        Span<byte> mask = stackalloc byte[HeaderProtectionKey.MaskBufferLength];
        key.ComputeMask(sample, mask);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 200; i++)
        {
            sample[0] = (byte)i;
            key.ComputeMask(sample, mask);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        key.Release();
    }

    [Fact]
    public void Retry_tag_computation_allocates_nothing_after_first_use()
    {
        byte[] retry = VectorData.Hex(QuicProtectionVectors.V1.Retry);
        Assert.True(RetryIntegrity.Verify(QuicVersion.V1, VectorData.ClientDcid, retry));
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
            RetryIntegrity.Verify(QuicVersion.V1, VectorData.ClientDcid, retry);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static void RoundTrips(PacketProtection sender, PacketProtection receiver, byte[] packet, byte[] plain, int pnOffset, int count)
    {
        int payloadLength = packet.Length - pnOffset - 4 - PacketProtection.TagLength;
        for (int i = 0; i < count; i++)
        {
            plain.CopyTo(packet, 0);
            ulong pn = (ulong)i;
            packet[pnOffset + 3] = (byte)pn;
            int length = sender.Protect(packet, pnOffset, 4, payloadLength, pn);
            if (!receiver.TryRemoveHeaderProtection(packet.AsSpan(0, length), pnOffset, out int pnLength, out uint truncated)
                || !receiver.TryOpen(packet.AsSpan(0, length), pnOffset + pnLength, truncated, out _))
                throw new InvalidOperationException("round trip failed");
        }
    }
}
