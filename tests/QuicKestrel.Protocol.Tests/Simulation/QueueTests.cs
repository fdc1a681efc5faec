namespace QuicKestrel.Protocol.Tests.Simulation;

public class QueueTests
{
    [Fact]
    public void A_burst_beyond_the_queue_depth_is_dropped_at_the_tail()
    {
        var (net, sender, sink, link) = SimTestNetworks.Scripted(LinkOptions.Default);
        sender.AddBurst(0, 40, 1200);

        Assert.True(net.RunUntilIdle(10_000_000));

        // One starts serialising at once, 25 wait, the last 14 find the queue full.
        var stats = link.Forward.Stats;
        Assert.Equal(26, sink.Arrivals.Count);
        Assert.Equal(Enumerable.Range(0, 26).Select(k => (ulong)k), sink.Arrivals.Select(a => BitConverter.ToUInt64(a.Data)));
        Assert.Equal(14, stats.Dropped(DropCause.QueueOverflow));
        Assert.Equal(25, stats.MaxQueuePackets);
        Assert.Equal(25 * 1200, stats.MaxQueueBytes);
        Assert.Equal(40, stats.DatagramsSent);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 2)]
    [InlineData(5, 6)]
    [InlineData(100, 40)]
    public void Queue_depth_is_configurable(int queuePackets, int expectedDelivered)
    {
        var (net, sender, sink, link) = SimTestNetworks.Scripted(LinkOptions.Default with { QueuePackets = queuePackets });
        sender.AddBurst(0, 40, 1200);

        Assert.True(net.RunUntilIdle(10_000_000));

        Assert.Equal(expectedDelivered, sink.Arrivals.Count);
        Assert.Equal(40 - expectedDelivered, link.Forward.Stats.Dropped(DropCause.QueueOverflow));
    }

    [Fact]
    public void The_queue_drains_so_a_later_burst_fits_again()
    {
        var (net, sender, sink, link) = SimTestNetworks.Scripted(LinkOptions.Default with { QueuePackets = 3 });
        sender.AddBurst(0, 4, 1200);
        sender.AddBurst(2_880, 1, 1200, firstSequence: 100);   // three serialised by now: two left, room for one
        sender.AddBurst(2_880, 3, 1200, firstSequence: 200);

        Assert.True(net.RunUntilIdle(10_000_000));

        // At 2 880 µs datagram 3 has just started, so nothing waits: 100, 200 and 201 fit, 202 is dropped.
        var sequences = sink.Arrivals.Select(a => BitConverter.ToUInt64(a.Data)).ToArray();
        Assert.Equal([0UL, 1, 2, 3, 100, 200, 201], sequences);
        Assert.Equal(1, link.Forward.Stats.Dropped(DropCause.QueueOverflow));
    }

    [Fact]
    public void A_byte_limit_drops_when_the_queued_bytes_would_exceed_it()
    {
        var options = LinkOptions.Default with { QueuePackets = 1000, QueueBytes = 5_000 };
        var (net, sender, sink, link) = SimTestNetworks.Scripted(options);
        sender.AddBurst(0, 10, 1000);

        Assert.True(net.RunUntilIdle(10_000_000));

        Assert.Equal(6, sink.Arrivals.Count);   // one in service + 5 000 bytes waiting
        Assert.Equal(4, link.Forward.Stats.Dropped(DropCause.QueueOverflow));
        Assert.Equal(5_000, link.Forward.Stats.MaxQueueBytes);
    }

    [Fact]
    public void Unlimited_bandwidth_never_queues()
    {
        var (net, sender, sink, link) = SimTestNetworks.Scripted(LinkOptions.Default with { BandwidthBitsPerSecond = 0, QueuePackets = 0 });
        sender.AddBurst(0, 500, 1200);

        Assert.True(net.RunUntilIdle(10_000_000));

        Assert.Equal(500, sink.Arrivals.Count);
        Assert.All(sink.Arrivals, a => Assert.Equal(15_000, a.Time));
        Assert.Equal(0, link.Forward.Stats.MaxQueuePackets);
    }

    [Fact]
    public void Ect_datagrams_that_find_a_long_queue_are_marked_ce()
    {
        var options = LinkOptions.Default with { EcnMarkQueuePackets = 10 };
        var (net, sender, sink, link) = SimTestNetworks.Scripted(options);
        sender.AddBurst(0, 20, 1200, EcnCodepoint.Ect0);
        sender.AddBurst(100_000, 20, 1200, EcnCodepoint.NotEct, firstSequence: 100);

        Assert.True(net.RunUntilIdle(10_000_000));

        // Datagram k (from 0) finds k - 1 waiting; k ≥ 11 finds at least 10.
        var marks = sink.Arrivals.Select(a => a.Ecn).ToArray();
        Assert.Equal(Enumerable.Repeat(EcnCodepoint.Ect0, 11).Concat(Enumerable.Repeat(EcnCodepoint.Ce, 9)), marks[..20]);
        Assert.All(marks[20..], ecn => Assert.Equal(EcnCodepoint.NotEct, ecn));   // not-ECT is never marked
        Assert.Equal(9, link.Forward.Stats.CeMarked);
    }
}
