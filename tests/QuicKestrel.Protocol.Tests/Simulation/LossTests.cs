namespace QuicKestrel.Protocol.Tests.Simulation;

public class LossTests
{
    private const int Count = 200_000;

    [Theory]
    [InlineData(0.02)]
    [InlineData(0.3)]
    public void Independent_loss_converges_to_the_configured_rate(double rate)
    {
        var (net, sink, link) = Run(SimTestNetworks.Ideal with { LossRate = rate });

        double observed = 1 - (double)sink.Unique / Count;
        Assert.InRange(observed, rate - 0.005, rate + 0.005);
        Assert.Equal(Count - sink.Unique, link.Forward.Stats.Dropped(DropCause.Loss));
        Assert.Equal(0, sink.Corrupted);
        Assert.Equal(SimStopReason.Idle, net.LastStopReason);
    }

    [Fact]
    public void Bursty_loss_keeps_the_rate_and_bounds_every_burst()
    {
        // The handshakeloss scenario: 30 % loss with bursts of up to 3.
        var (_, sink, _) = Run(SimTestNetworks.Ideal with { LossRate = 0.3, LossBurstMax = 3 });

        double observed = 1 - (double)sink.Unique / Count;
        Assert.InRange(observed, 0.29, 0.31);
        var gaps = sink.GapLengths;
        Assert.True(gaps.Skip(4).All(n => n == 0), "no run of losses is longer than 3");
        long bursts = gaps[1] + gaps[2] + gaps[3];
        double meanBurst = (gaps[1] + 2.0 * gaps[2] + 3.0 * gaps[3]) / bursts;
        Assert.InRange(meanBurst, 1.95, 2.05);   // lengths 1..3 uniformly
        for (int length = 1; length <= 3; length++)
            Assert.InRange((double)gaps[length] / bursts, 0.31, 0.356);
    }

    [Fact]
    public void Bursts_of_one_mean_isolated_losses()
    {
        var (_, sink, _) = Run(SimTestNetworks.Ideal with { LossRate = 0.2, LossBurstMax = 1 });

        Assert.InRange(1 - (double)sink.Unique / Count, 0.19, 0.21);
        Assert.True(sink.GapLengths.Skip(2).All(n => n == 0));
    }

    [Fact]
    public void Gilbert_elliott_loss_matches_its_stationary_rate_and_mean_burst()
    {
        var model = new GilbertElliottLoss(GoodToBad: 0.01, BadToGood: 0.25);
        var (_, sink, _) = Run(SimTestNetworks.Ideal with { GilbertElliott = model });

        Assert.Equal(0.01 / 0.26, model.StationaryLossRate, 12);
        Assert.InRange(1 - (double)sink.Unique / Count, model.StationaryLossRate * 0.85, model.StationaryLossRate * 1.15);
        long bursts = sink.GapLengths.Sum();
        double lost = Count - sink.Unique;
        Assert.InRange(lost / bursts, 3.6, 4.4);   // mean stay in Bad: 1 / 0.25 datagrams
    }

    [Fact]
    public void Loss_rates_too_high_for_separated_bursts_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new SimNetwork().Connect(
            new SimNetwork().AddNode(new Fakes.CountingSink(1), SimAddress.V4(1)),
            new SimNetwork().AddNode(new Fakes.CountingSink(1), SimAddress.V4(2)),
            LinkOptions.Default with { LossRate = 0.7, LossBurstMax = 3 }));
        (LinkOptions.Default with { LossRate = 0.66, LossBurstMax = 3 }).Validate();
        Assert.Throws<ArgumentException>(() => (LinkOptions.Default with { LossRate = 1.5 }).Validate());
    }

    [Fact]
    public void Lost_datagrams_still_use_the_bandwidth()
    {
        var options = LinkOptions.Default with { LossRate = 0.5, QueuePackets = 100 };
        var (net, sender, sink, _) = SimTestNetworks.Scripted(options, seed: 11);
        sender.AddBurst(0, 20, 1200);

        Assert.True(net.RunUntilIdle(10_000_000));

        Assert.InRange(sink.Arrivals.Count, 1, 19);
        Assert.All(sink.Arrivals, a => Assert.Equal(15_000 + 960 * ((long)BitConverter.ToUInt64(a.Data) + 1), a.Time));
    }

    private static (SimNetwork Net, Fakes.CountingSink Sink, SimDuplexLink Link) Run(LinkOptions options)
    {
        // 1200 B every 9.6 µs on an ideal link: no queueing, no reordering, only loss.
        var (net, _, sink, link) = SimTestNetworks.Paced(options, 1_000_000_000, 1200, Count, seed: 42);
        Assert.True(net.RunUntilIdle(60_000_000));
        return (net, sink, link);
    }
}
