namespace QuicKestrel.Protocol.Tests.Simulation;

public class MtuAndBlackoutTests
{
    [Theory]
    [InlineData(false, 1500, 1472)]   // IPv4 + UDP headers: 28 bytes
    [InlineData(true, 1500, 1452)]    // IPv6 + UDP headers: 48 bytes
    [InlineData(true, 1280, 1232)]
    public void Datagrams_larger_than_the_mtu_are_dropped(bool ipv6, int mtu, int largestPayload)
    {
        var (net, sender, sink, link) = SimTestNetworks.Scripted(LinkOptions.Default with { MtuBytes = mtu }, ipv6: ipv6);
        sender.Add(0, new byte[largestPayload]).Add(0, new byte[largestPayload + 1]).Add(0, new byte[1200]);

        Assert.True(net.RunUntilIdle(1_000_000));

        Assert.Equal([largestPayload, 1200], sink.Arrivals.Select(a => a.Data.Length));
        Assert.Equal(1, link.Forward.Stats.Dropped(DropCause.Mtu));
    }

    [Fact]
    public void A_blackout_window_drops_exactly_what_enters_the_link_inside_it()
    {
        var options = LinkOptions.Default with { Blackouts = [new BlackoutWindow(2_000_000, 4_000_000)] };
        var (net, sender, sink, link) = SimTestNetworks.Paced(options, 1_200_000, 150, 10_000);   // one every 1 000 µs
        net.RunFor(11_000_000);

        Assert.True(sender.Finished);
        for (int k = 0; k < 10_000; k++)
            Assert.Equal(k is < 2000 or >= 4000, sink.HasSeen(k));
        Assert.Equal(2000, link.Forward.Stats.Dropped(DropCause.Blackout));
        Assert.Equal(8000, sink.Unique);
    }

    [Fact]
    public void A_periodic_blackout_is_off_two_seconds_in_every_seven()
    {
        var options = LinkOptions.Default with { PeriodicBlackout = new PeriodicBlackout(7_000_000, 2_000_000, FirstOffMicros: 1_000_000) };
        var (net, _, sink, link) = SimTestNetworks.Paced(options, 1_200_000, 150, 21_000);
        net.RunFor(22_000_000);

        for (int k = 0; k < 21_000; k++)
        {
            long t = k * 1_000L;
            bool off = t >= 1_000_000 && (t - 1_000_000) % 7_000_000 < 2_000_000;
            Assert.Equal(!off, sink.HasSeen(k));
        }
        Assert.Equal(6_000, link.Forward.Stats.Dropped(DropCause.Blackout));   // windows at 1, 8 and 15 s
    }

    [Fact]
    public void Datagrams_already_in_flight_survive_a_blackout()
    {
        var options = LinkOptions.Default with { Blackouts = [new BlackoutWindow(1_000, 100_000)] };
        var (net, sender, sink, _) = SimTestNetworks.Scripted(options);
        sender.AddBurst(0, 1, 1200);

        Assert.True(net.RunUntilIdle(1_000_000));
        Assert.Single(sink.Arrivals);
    }

    [Fact]
    public void A_link_can_be_switched_off_and_on_at_scheduled_times()
    {
        var (net, _, sink, link) = SimTestNetworks.Paced(LinkOptions.Default, 1_200_000, 150, 1_000);
        net.Schedule(300_000, () => link.ForcedDown = true);
        net.Schedule(500_000, () => link.ForcedDown = false);
        net.RunFor(2_000_000);

        Assert.Equal(800, sink.Unique);
        Assert.False(sink.HasSeen(300));
        Assert.False(sink.HasSeen(499));
        Assert.True(sink.HasSeen(500));
        Assert.Equal(200, link.Forward.Stats.Dropped(DropCause.Blackout));
    }
}
