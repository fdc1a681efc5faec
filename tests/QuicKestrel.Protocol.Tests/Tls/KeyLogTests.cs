using System.Text.RegularExpressions;
using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Tls;

namespace QuicKestrel.Protocol.Tests.Tls;

public partial class KeyLogTests
{
    [GeneratedRegex("^(CLIENT_EARLY_TRAFFIC_SECRET|CLIENT_HANDSHAKE_TRAFFIC_SECRET|SERVER_HANDSHAKE_TRAFFIC_SECRET|CLIENT_TRAFFIC_SECRET_0|SERVER_TRAFFIC_SECRET_0) ([0-9a-f]{64}) ([0-9a-f]{64}|[0-9a-f]{96})$")]
    private static partial Regex NssLine();

    [Fact]
    public void BothSidesLogTheSameNssLines()
    {
        var clientLines = new List<string>();
        var serverLines = new List<string>();
        var server = TlsPair.ServerConfig(change: s => s.KeyLog = serverLines.Add);
        var ticket = ResumptionTests.FirstConnection(server);
        serverLines.Clear();
        using var pair = new TlsPair(TlsPair.ClientConfig(c => c.KeyLog = clientLines.Add), server, ticket: ticket, seed: 31);
        pair.ServerEvents.OnEventAction = e =>
        {
            if (e == TlsEvent.ClientHelloReceived)
                pair.Server.SetConfiguration(server, TlsPair.ServerTransportParameters, pair.ServerNowMicros);
            if (e == TlsEvent.ResumptionRequested)
                pair.Server.CompleteResumption(true, true, pair.ServerNowMicros);
        };
        pair.Run();
        pair.AssertCompleted();

        Assert.Equal(5, clientLines.Count);
        Assert.Equal(clientLines.Order(), serverLines.Order());
        foreach (string line in clientLines)
            Assert.Matches(NssLine(), line);
        string clientRandom = NssLine().Match(clientLines[0]).Groups[2].Value;
        Assert.All(clientLines, l => Assert.Equal(clientRandom, NssLine().Match(l).Groups[2].Value));
        string trafficLine = clientLines.Single(l => l.StartsWith("CLIENT_TRAFFIC_SECRET_0 ", StringComparison.Ordinal));
        Assert.EndsWith(Convert.ToHexStringLower(pair.ClientEvents.Secrets[(EncryptionLevel.OneRtt, true)].Secret), trafficLine);
        Assert.StartsWith("CLIENT_EARLY_TRAFFIC_SECRET ", clientLines[0], StringComparison.Ordinal);
    }
}
