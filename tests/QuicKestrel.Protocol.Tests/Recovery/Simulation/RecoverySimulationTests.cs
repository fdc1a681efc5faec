using QuicKestrel.Protocol.Recovery;
using Xunit.Abstractions;
using static QuicKestrel.Protocol.Tests.Recovery.RecoveryTestKit;

namespace QuicKestrel.Protocol.Tests.Recovery.Simulation;

/// <summary>
/// The engine's acceptance paths, with loss recovery alone in the loop (no frames, headers or
/// crypto): goodput here counts whole datagrams, so a connection carrying ~3 % header overhead
/// needs these figures a few percent above its own targets.
/// </summary>
public class RecoverySimulationTests(ITestOutputHelper output)
{
    private static readonly SimulatedLink Default = new(10_000_000, Ms(15), 25);

    [Fact]
    public void Cubic_fills_a_clean_10_mbit_link()
    {
        double goodput = Transfer(new RecoveryOptions(), Default, Default, 10_000_000, seed: 1, out var sim);
        Assert.True(goodput >= 9.5e6, $"{goodput / 1e6:F2} Mbit/s");
        Assert.Equal(0, sim.Recovery.Statistics.PersistentCongestionEvents);
    }

    [Fact]
    public void New_reno_fills_a_clean_10_mbit_link()
    {
        double goodput = Transfer(new RecoveryOptions { Algorithm = CongestionControlAlgorithm.NewReno }, Default, Default, 10_000_000, seed: 1, out _);
        Assert.True(goodput >= 9.3e6, $"{goodput / 1e6:F2} Mbit/s");
    }

    /// <summary>
    /// 0.1 % random loss each way, from a shallow 25-packet queue to a deep one. A 100 MB transfer
    /// (about 1 s) includes the slow start, which alone takes 8 round trips at this BDP.
    /// </summary>
    [Theory]
    [InlineData(25, 1200)]
    [InlineData(2_000, 1200)]
    [InlineData(100, 1452)]
    public void Cubic_reaches_70_percent_of_a_gigabit_with_random_loss(int queuePackets, int datagramSize)
    {
        var link = new SimulatedLink(1_000_000_000, Ms(10), queuePackets, LossRate: 0.001);
        var back = new SimulatedLink(1_000_000_000, Ms(10), 10_000, LossRate: 0.001);
        double goodput = Transfer(new RecoveryOptions { MaxDatagramSize = datagramSize }, link, back, 100_000_000, seed: 7, out var sim);
        Assert.True(goodput >= 0.7e9, $"{goodput / 1e6:F0} Mbit/s");
        Assert.True(sim.Recovery.Statistics.LossesIgnoredAsRandom > 0);
    }

    [Fact]
    public void Survives_thirty_percent_loss_both_ways()
    {
        var lossy = Default with { LossRate = 0.3 };
        double goodput = Transfer(new RecoveryOptions(), lossy, lossy, 300_000, seed: 3, out var sim, Ms(120_000));
        Assert.True(goodput > 0);
        Assert.True(sim.Recovery.Congestion.CongestionWindow >= sim.Recovery.Congestion.MinimumWindow);
    }

    [Fact]
    public void Survives_two_second_blackouts_every_seven_seconds()
    {
        var dark = Default with { BlackoutPeriod = Ms(7_000), BlackoutLength = Ms(2_000) };
        double goodput = Transfer(new RecoveryOptions(), dark, dark, 10_000_000, seed: 4, out var sim, Ms(60_000));
        Assert.True(goodput > 5e6, $"{goodput / 1e6:F2} Mbit/s");
        Assert.True(sim.Recovery.Statistics.PtoExpirations > 0);
        Assert.True(sim.Recovery.Statistics.PersistentCongestionEvents > 0);
    }

    [Fact]
    public void Survives_a_750_ms_one_way_delay()
    {
        var far = new SimulatedLink(10_000_000, Ms(750), 1_000);
        double goodput = Transfer(new RecoveryOptions(), far, far, 2_000_000, seed: 5, out var sim, Ms(60_000));
        Assert.True(goodput > 1e6, $"{goodput / 1e6:F2} Mbit/s");
        // The first PTO (1 s) fires before the first ACK (1.5 s) can arrive; that is not congestion.
        Assert.True(sim.Recovery.Statistics.PtoExpirations >= 1);
        Assert.Equal(0, sim.Recovery.Statistics.PersistentCongestionEvents);
    }

    [Fact]
    public void Two_percent_loss_still_moves_data()
    {
        var lossy = Default with { LossRate = 0.02 };
        double goodput = Transfer(new RecoveryOptions(), lossy, Default, 2_000_000, seed: 6, out _, Ms(60_000));
        Assert.True(goodput > 2e6, $"{goodput / 1e6:F2} Mbit/s");
    }

    private double Transfer(RecoveryOptions options, SimulatedLink forward, SimulatedLink backward, long bytes, int seed,
        out RecoverySimulation simulation, long timeLimit = 0)
    {
        simulation = new RecoverySimulation(options, forward, backward, bytes, seed);
        if (Environment.GetEnvironmentVariable("SIM_TRACE") == "1") simulation.Trace = output.WriteLine;
        long done = simulation.Run(timeLimit > 0 ? timeLimit : Ms(30_000));
        var stats = simulation.Recovery.Statistics;
        output.WriteLine($"done at {done / 1e3:F0} ms, sent {simulation.PacketsSent}, lost {stats.PacketsLost}, " +
            $"link drops {simulation.ForwardDrops}, congestion events {stats.CongestionEvents}, ignored {stats.LossesIgnoredAsRandom}, " +
            $"PTOs {stats.PtoExpirations}, persistent {stats.PersistentCongestionEvents}, cwnd {simulation.Recovery.Congestion.CongestionWindow}, " +
            $"srtt {simulation.Recovery.Rtt.SmoothedRtt}");
        Assert.True(done > 0, "the transfer did not complete");
        double goodput = bytes * 8.0 / (done / 1e6);
        output.WriteLine($"goodput {goodput / 1e6:F2} Mbit/s");
        return goodput;
    }
}
