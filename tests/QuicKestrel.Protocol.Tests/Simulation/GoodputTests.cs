namespace QuicKestrel.Protocol.Tests.Simulation;

public class GoodputTests
{
    [Fact]
    public void A_sender_paced_at_10_mbit_gets_10_mbit_through_the_default_link()
    {
        var (net, sender, sink, link) = SimTestNetworks.Paced(LinkOptions.Default, 10_000_000, 1200, 10_000);
        Assert.True(net.RunUntil(() => sink.Unique == 10_000, 20_000_000));

        Assert.InRange(sink.GoodputBitsPerSecond(1200), 9_990_000, 10_000_000);
        Assert.Equal(0, link.Forward.Stats.DroppedTotal);
        Assert.True(link.Forward.Stats.MaxQueuePackets <= 1);
        Assert.Equal(sender.SendTimeOf(9_999) + 960 + 15_000, sink.LastArrival);
    }

    [Fact]
    public void An_overdriven_link_delivers_its_capacity_and_drops_the_excess_at_the_queue()
    {
        var (net, _, sink, link) = SimTestNetworks.Paced(LinkOptions.Default, 12_000_000, 1200, 12_000);
        net.RunFor(12_000_000);

        var stats = link.Forward.Stats;
        Assert.InRange(sink.GoodputBitsPerSecond(1200), 9_990_000, 10_000_000);
        Assert.Equal(25, stats.MaxQueuePackets);
        Assert.InRange(stats.Dropped(DropCause.QueueOverflow), 1_950, 2_050);   // a sixth of the offered load
        Assert.Equal(12_000, stats.DatagramsDelivered + stats.Dropped(DropCause.QueueOverflow));
    }
}
