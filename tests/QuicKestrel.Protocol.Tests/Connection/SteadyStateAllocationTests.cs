using QuicKestrel.Protocol.Crypto;
using Xunit.Abstractions;

namespace QuicKestrel.Protocol.Tests.Connection;

public sealed class SteadyStateAllocationTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_bulk_transfer_allocates_nothing_per_packet_once_warm(bool nullProtection)
    {
        using var pair = new DirectPair(nullProtection ? PacketProtectionProvider.Null : PacketProtectionProvider.Aead);
        pair.Handshake();
        pair.Transfer(32_000_000); // warm up: windows (auto-tuned to their caps), pools and rings reach their working size
        long datagramsBefore = pair.DatagramsDelivered;
        long before = GC.GetAllocatedBytesForCurrentThread();
        pair.Transfer(16_000_000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        long datagrams = pair.DatagramsDelivered - datagramsBefore;
        output.WriteLine($"{allocated} bytes allocated over {datagrams} datagrams ({(double)allocated / datagrams:F2} B per datagram)");
        Assert.True(datagrams > 10_000);
        Assert.Equal(0, allocated);
    }
}
