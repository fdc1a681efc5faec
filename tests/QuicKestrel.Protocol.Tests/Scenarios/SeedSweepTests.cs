using QuicKestrel.Protocol.Connection;
using QuicKestrel.Protocol.Tests.Simulation;

namespace QuicKestrel.Protocol.Tests.Scenarios;

/// <summary>
/// The lossy scenarios again under other seeds: the acceptance runs use one seed each, these make
/// a rare bad interleaving (a lost retransmission, a corrupted ACK, a loss at the wrong moment) show up.
/// </summary>
public sealed class SeedSweepTests
{
    private static Scenario Symmetric(LinkOptions link, ulong seed) => new(new ScenarioOptions { Forward = link, Reverse = link, Seed = seed });

    public static TheoryData<int> Seeds() => [.. Enumerable.Range(100, 12)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Transfer_with_loss_reordering_and_corruption(int seed)
    {
        var link = LinkOptions.Default with { LossRate = 0.03, LossBurstMax = 2, CorruptRate = 0.01, ReorderRate = 0.02, DuplicateRate = 0.01 };
        Scenario scenario = Symmetric(link, (ulong)seed);
        ConnectionRun run = scenario.Run([300_000, 200_000, 5_000, 0], 120_000_000);
        Assert.True(run.Done, run.Error);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Handshakes_with_heavy_loss(int seed)
    {
        Scenario scenario = Symmetric(LinkOptions.Default with { LossRate = 0.30, LossBurstMax = 3 }, (ulong)seed);
        for (int i = 0; i < 5; i++)
        {
            ConnectionRun run = scenario.Run([2000], 120_000_000);
            Assert.True(run.Done, $"handshake {i}: {run.Error}");
            scenario.CloseAndSettle();
        }
    }
}
