using QuicKestrel.Protocol.Tests.Simulation.Fakes;

namespace QuicKestrel.Protocol.Tests.Simulation;

public class DeterminismTests
{
    private static readonly LinkOptions Rough = LinkOptions.Default with
    {
        LossRate = 0.05,
        LossBurstMax = 3,
        ReorderRate = 0.05,
        ReorderDelayMicros = 3_000,
        DuplicateRate = 0.02,
        CorruptRate = 0.02,
        QueuePackets = 10,
        EcnMarkQueuePackets = 5,
    };

    [Fact]
    public void The_same_seed_gives_an_identical_trace()
    {
        var first = RunScenario(seed: 2024);
        var second = RunScenario(seed: 2024);

        Assert.True(first.Count > 10_000, $"only {first.Count} events");
        Assert.Equal(first.Count, second.Count);
        Assert.Equal(first.Fingerprint, second.Fingerprint);
        Assert.Equal(first.Lines, second.Lines);
    }

    [Fact]
    public void A_different_seed_gives_a_different_trace()
    {
        var first = RunScenario(seed: 2024);
        var other = RunScenario(seed: 2025);

        Assert.NotEqual(first.Fingerprint, other.Fingerprint);
        Assert.NotEqual(first.Lines, other.Lines);
    }

    [Fact]
    public void Each_link_direction_draws_from_its_own_generator()
    {
        var net = new SimNetwork(5);
        Assert.NotEqual(net.DeriveSeed(1), net.DeriveSeed(2));
        Assert.NotEqual(net.DeriveSeed(1), new SimNetwork(6).DeriveSeed(1));
        Assert.Equal(net.DeriveSeed(1), new SimNetwork(5).DeriveSeed(1));
    }

    [Fact]
    public void Traces_name_links_and_drop_causes()
    {
        var (net, sender, _, _) = SimTestNetworks.Scripted(LinkOptions.Default with { QueuePackets = 0 });
        var recorder = new SimTraceRecorder();
        net.Trace = recorder.Record;
        sender.AddBurst(0, 2, 100, EcnCodepoint.Ect0);

        Assert.True(net.RunUntilIdle(1_000_000));

        Assert.Equal(
        [
            "0.000000 Send    sender->sink #1 100B 10.0.0.1:443 -> 10.0.0.2:443 Ect0",
            "0.000000 Send    sender->sink #2 100B 10.0.0.1:443 -> 10.0.0.2:443 Ect0",
            "0.000000 Drop    sender->sink #2 100B 10.0.0.1:443 -> 10.0.0.2:443 (QueueOverflow)",
            "0.015080 Deliver sender->sink 100B 10.0.0.1:443 -> 10.0.0.2:443 Ect0",
        ], recorder.Lines);
    }

    /// <summary>Pings both ways over a rough link while a paced flow competes; traces everything.</summary>
    private static SimTraceRecorder RunScenario(ulong seed)
    {
        var net = new SimNetwork(seed);
        var recorder = new SimTraceRecorder(capacity: 2_000);
        net.Trace = recorder.Record;
        var pinger = new Pinger(SimAddress.V4(2), count: 200, intervalMicros: 10_000);
        var client = net.AddNode(pinger, SimAddress.V4(1), "client");
        var server = net.AddNode(new EchoNode(), SimAddress.V4(2), "server");
        var flow = net.AddNode(new PacedSender(SimAddress.V4(4), 9_000_000, 1200, 5_000, ecn: EcnCodepoint.Ect0), SimAddress.V4(3), "flow");
        var sink = net.AddNode(new CountingSink(5_000), SimAddress.V4(4), "sink");
        net.Connect(client, server, Rough);
        net.Connect(flow, sink, Rough);
        net.RunFor(6_000_000);
        return recorder;
    }
}
