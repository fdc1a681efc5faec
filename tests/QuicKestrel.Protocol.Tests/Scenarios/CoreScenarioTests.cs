using QuicKestrel.Protocol.Connection;
using QuicKestrel.Protocol.Tests.Simulation;
using Xunit.Abstractions;

namespace QuicKestrel.Protocol.Tests.Scenarios;

/// <summary>The interop-runner style acceptance scenarios of issue 4 that need no special server behaviour.</summary>
public sealed class CoreScenarioTests(ITestOutputHelper output)
{
    [Fact]
    public void Handshake()
    {
        var scenario = new Scenario(new ScenarioOptions());
        ConnectionRun run = scenario.Run([1024], 10_000_000);
        Assert.True(run.Done, run.Error);
        Assert.False(scenario.Client.Connection!.RetryReceived);
        output.WriteLine($"handshake + 1 KB in {run.ElapsedMicros / 1000} ms");
    }

    [Fact]
    public void Transfer()
    {
        // The client starts with small flow-control windows: auto-tuning must open them.
        var scenario = new Scenario(new ScenarioOptions
        {
            ClientSettings = ConnectionSettings.Default with { StreamReceiveWindow = 32 * 1024, ConnectionReceiveWindow = 64 * 1024 },
        });
        ConnectionRun run = scenario.Run([2_000_000, 3_000_000, 5_000_000], 60_000_000);
        Assert.True(run.Done, run.Error);
        output.WriteLine($"transfer 10 MB in {run.ElapsedMicros / 1000} ms: {run.GoodputBitsPerSecond / 1e6:F2} Mbit/s");
    }

    [Fact]
    public void Multiplexing()
    {
        var scenario = new Scenario(new ScenarioOptions
        {
            ServerSettings = ConnectionSettings.Default with { PeerBidiStreamCount = 100 },
        });
        ConnectionRun run = scenario.Run(Enumerable.Repeat(32L, 2000), 60_000_000);
        Assert.True(run.Done, run.Error);
        Assert.Equal(2000, scenario.ClientApp.Completed);
        output.WriteLine($"2000 x 32 B in {run.ElapsedMicros / 1000} ms");
    }
}
