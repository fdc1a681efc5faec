using System.Diagnostics;
using Xunit.Abstractions;

namespace QuicKestrel.Protocol.Tests.Simulation;

/// <summary>Timing-sensitive tests run alone, after the parallel ones.</summary>
[CollectionDefinition(nameof(PerformanceTests), DisableParallelization = true)]
public class PerformanceCollection;

[Collection(nameof(PerformanceTests))]
public class PerformanceTests(ITestOutputHelper output)
{
    [Fact]
    public void Sixty_seconds_of_a_saturated_100_mbit_link_simulate_far_faster_than_real_time()
    {
        // 120 Mbit/s offered into 100 Mbit/s: the queue is always full and 1/6 of the datagrams are dropped.
        var options = LinkOptions.Default with { BandwidthBitsPerSecond = 100_000_000, DelayMicros = 20_000 };
        var (net, _, sink, link) = SimTestNetworks.Paced(options, 120_000_000, 1200, 800_000);
        net.RunFor(1_000_000);   // warm-up: one-time JIT and pool growth are not what we measure
        long events = net.EventsProcessed;

        var clock = Stopwatch.StartNew();
        var cpu = Environment.CpuUsage.TotalTime;
        net.RunFor(60_000_000);
        clock.Stop();
        cpu = Environment.CpuUsage.TotalTime - cpu;

        double ratio = 60.0 / clock.Elapsed.TotalSeconds;
        output.WriteLine($"60 s simulated in {clock.Elapsed.TotalMilliseconds:F0} ms wall ({ratio:F0}x real time), " +
            $"{cpu.TotalMilliseconds:F0} ms process CPU; {net.EventsProcessed - events} events; {link.Forward}");
        Assert.InRange(sink.GoodputBitsPerSecond(1200), 99_900_000, 100_000_000);
        Assert.Equal(25, link.Forward.Stats.MaxQueuePackets);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
    }

    [Fact]
    public void The_steady_state_allocates_nothing_per_datagram()
    {
        var options = LinkOptions.Default with
        {
            BandwidthBitsPerSecond = 100_000_000, LossRate = 0.01, DuplicateRate = 0.01, ReorderRate = 0.01, CorruptRate = 0.01,
        };
        var (net, _, sink, _) = SimTestNetworks.Paced(options, 120_000_000, 1200, 200_000);
        net.RunFor(2_000_000);   // warm up: pools, queues and the JIT

        long before = GC.GetAllocatedBytesForCurrentThread();
        long delivered = sink.Datagrams;
        net.RunFor(10_000_000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // One allocation per datagram would be at least 24 bytes each (over 2 MB here). What remains
        // is the buffer pool growing when the random impairments push the in-flight count to a new
        // high (a 2 KB buffer now and then).
        long datagrams = sink.Datagrams - delivered;
        output.WriteLine($"{allocated} bytes allocated for {datagrams} datagrams");
        Assert.True(datagrams > 90_000);
        Assert.True(allocated < 16_384, $"{allocated} bytes allocated for {datagrams} datagrams");
    }
}
