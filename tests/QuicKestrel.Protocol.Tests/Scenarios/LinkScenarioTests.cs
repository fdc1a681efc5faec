using QuicKestrel.Protocol.Connection;
using QuicKestrel.Protocol.Recovery;
using QuicKestrel.Protocol.Tests.Simulation;
using Xunit.Abstractions;

namespace QuicKestrel.Protocol.Tests.Scenarios;

/// <summary>Scenarios about hostile links: delay, loss, corruption, blackouts, and the goodput targets.</summary>
public sealed class LinkScenarioTests(ITestOutputHelper output)
{
    private static Scenario Symmetric(LinkOptions link, ulong seed = 1, ScenarioOptions? options = null) =>
        new((options ?? new ScenarioOptions()) with { Forward = link, Reverse = link, Seed = seed });

    [Fact]
    public void LongRtt()
    {
        Scenario scenario = Symmetric(LinkOptions.Default with { DelayMicros = 750_000 });
        ConnectionRun run = scenario.Run([1024], 60_000_000);
        Assert.True(run.Done, run.Error);
        // The first Initial's PTO (initial RTT 333 ms) fires before the 1.5 s round trip completes.
        Assert.True(scenario.Client.Connection!.NextPacketNumber(PacketNumberSpace.Initial) >= 2
            || scenario.Client.Connection.Recovery.Statistics.PtoExpirations >= 1);
        Assert.True(scenario.Link.Forward.Stats.DatagramsDelivered >= 3);
        output.WriteLine($"longrtt: {run.ElapsedMicros / 1000} ms");
    }

    private void Handshakes(LinkOptions link, int count, string name)
    {
        Scenario scenario = Symmetric(link, seed: 7);
        long total = 0;
        for (int i = 0; i < count; i++)
        {
            ConnectionRun run = scenario.Run([1024], 120_000_000);
            Assert.True(run.Done, $"handshake {i}: {run.Error}");
            total += run.ElapsedMicros;
            scenario.CloseAndSettle();
        }
        output.WriteLine($"{name}: {count} handshakes, mean {total / count / 1000} ms");
    }

    [Fact]
    public void HandshakeLoss() =>
        Handshakes(LinkOptions.Default with { LossRate = 0.30, LossBurstMax = 3 }, 50, "handshakeloss");

    [Fact]
    public void HandshakeCorruption() =>
        Handshakes(LinkOptions.Default with { CorruptRate = 0.30 }, 50, "handshakecorruption");

    private void Transfer(LinkOptions link, long bytes, string name, long timeout = 120_000_000)
    {
        Scenario scenario = Symmetric(link, seed: 3);
        ConnectionRun run = scenario.Run([bytes], timeout);
        Assert.True(run.Done, run.Error);
        output.WriteLine($"{name}: {bytes / 1_000_000} MB in {run.ElapsedMicros / 1000} ms, {run.GoodputBitsPerSecond / 1e6:F2} Mbit/s, " +
            $"lost {scenario.Client.Connection!.Recovery.Statistics.PacketsLost}/{scenario.Server.Created[^1].Recovery.Statistics.PacketsLost}");
    }

    [Fact]
    public void TransferLoss() => Transfer(LinkOptions.Default with { LossRate = 0.02 }, 2_000_000, "transferloss");

    [Fact]
    public void TransferCorruption() => Transfer(LinkOptions.Default with { CorruptRate = 0.02 }, 2_000_000, "transfercorruption");

    [Fact]
    public void Blackhole() =>
        Transfer(LinkOptions.Default with { PeriodicBlackout = new PeriodicBlackout(7_000_000, 2_000_000, 5_000_000) }, 10_000_000, "blackhole");

    [Fact]
    public void Ecn_marks_from_the_bottleneck_slow_the_sender_instead_of_drops()
    {
        var settings = ConnectionSettings.Default with { EcnEnabled = true };
        Scenario scenario = Symmetric(LinkOptions.Default with { EcnMarkQueuePackets = 8 }, options: new ScenarioOptions
        {
            ClientSettings = settings,
            ServerSettings = settings with { PeerBidiStreamCount = 100 },
        });
        ConnectionRun run = scenario.Run([5_000_000], 60_000_000);
        Assert.True(run.Done, run.Error);
        QuicConnection server = scenario.Server.Created[^1];
        Assert.Equal(EcnValidationState.Capable, server.Recovery.Ecn.State);
        Assert.True(server.Recovery.Statistics.EcnCongestionEvents > 0);
        Assert.True(scenario.Link.Reverse.Stats.CeMarked > 0);
        output.WriteLine($"ecn: {run.GoodputBitsPerSecond / 1e6:F2} Mbit/s, {scenario.Link.Reverse.Stats.CeMarked} CE marks, " +
            $"{scenario.Link.Reverse.Stats.Dropped(DropCause.QueueOverflow)} queue drops");
    }

    [Fact]
    public void Goodput()
    {
        Scenario scenario = Symmetric(LinkOptions.Default);
        ConnectionRun run = scenario.Run([10_000_000], 60_000_000);
        Assert.True(run.Done, run.Error);
        output.WriteLine($"goodput: {run.GoodputBitsPerSecond / 1e6:F2} Mbit/s on the default link ({run.ElapsedMicros / 1000} ms)");
        Assert.True(run.GoodputBitsPerSecond >= 9_000_000, $"{run.GoodputBitsPerSecond / 1e6:F2} Mbit/s");
    }

    [Fact]
    public void CubicGigabit()
    {
        var link = new LinkOptions { BandwidthBitsPerSecond = 1_000_000_000, DelayMicros = 10_000, QueuePackets = 2000, LossRate = 0.001 };
        Scenario scenario = Symmetric(link, seed: 5);
        ConnectionRun run = scenario.Run([200_000_000], 60_000_000);
        Assert.True(run.Done, run.Error);
        double utilisation = run.GoodputBitsPerSecond / 1e9;
        output.WriteLine($"cubic: {run.GoodputBitsPerSecond / 1e6:F0} Mbit/s on 1 Gbit/s, 10 ms, 0.1 % loss ({utilisation:P0}), {run.ElapsedMicros / 1000} ms, " +
            $"cwnd {scenario.Server.Created[^1].Recovery.Congestion.CongestionWindow}, events {scenario.Server.Created[^1].Recovery.Statistics.CongestionEvents}");
        Assert.True(utilisation >= 0.70, $"{utilisation:P1}");
    }
}
