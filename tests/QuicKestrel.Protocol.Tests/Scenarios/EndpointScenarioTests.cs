using QuicKestrel.Protocol.Connection;
using QuicKestrel.Protocol.Endpoint;
using QuicKestrel.Protocol.Recovery;
using QuicKestrel.Protocol.Tests.Simulation;
using QuicKestrel.Protocol.Tests.Tls;
using QuicKestrel.Protocol.Wire;
using Xunit.Abstractions;

namespace QuicKestrel.Protocol.Tests.Scenarios;

/// <summary>Scenarios that need the server's endpoint: Retry, compatible version negotiation to v2, and the amplification limit.</summary>
public sealed class EndpointScenarioTests(ITestOutputHelper output)
{
    /// <summary>What a link filter saw of the long headers crossing it (headers are readable without keys).</summary>
    private sealed class HeaderLog
    {
        public List<(PacketType Type, uint Version, byte[] Token)> Packets { get; } = [];

        public FilterVerdict Record(in SimPacket packet)
        {
            ReadOnlySpan<byte> rest = packet.Data;
            while (!rest.IsEmpty && PacketHeader.TryParse(rest, 8, out PacketHeader header) && header.IsLongHeader)
            {
                Packets.Add((header.Type, header.Version, header.Token.ToArray()));
                rest = header.HasLengthField ? rest[header.PacketLength..] : default;
            }
            return FilterVerdict.Pass;
        }
    }

    [Fact]
    public void Retry()
    {
        var toServer = new HeaderLog();
        var scenario = new Scenario(new ScenarioOptions
        {
            Endpoint = new EndpointOptions { RetryMode = RetryMode.Always },
            Forward = LinkOptions.Default with { Filter = toServer.Record },
        });
        ConnectionRun run = scenario.Run([1024], 10_000_000);
        Assert.True(run.Done, run.Error);
        QuicConnection client = scenario.Client.Connection!;
        Assert.True(client.RetryReceived);
        Assert.Equal(1, scenario.Server.Endpoint.Statistics.Count(DatagramDisposition.Retry));
        Assert.Equal(1, scenario.Server.Endpoint.Statistics.ValidatedByRetryToken);
        var initials = toServer.Packets.Where(p => p.Type == PacketType.Initial).ToList();
        Assert.Empty(initials[0].Token);
        Assert.All(initials.Skip(1), p => Assert.NotEmpty(p.Token)); // every later Initial reuses the Retry token
        Assert.True(client.NextPacketNumber(PacketNumberSpace.Initial) >= 2, "packet numbers continue after the Retry");
        Assert.NotNull(client.PeerParameters!.RetrySourceConnectionId);
    }

    [Fact]
    public void V2()
    {
        var toServer = new HeaderLog();
        var toClient = new HeaderLog();
        var scenario = new Scenario(new ScenarioOptions
        {
            ServerVersions = [QuicVersion.V2, QuicVersion.V1],
            Forward = LinkOptions.Default with { Filter = toServer.Record },
            Reverse = LinkOptions.Default with { Filter = toClient.Record },
        });
        ConnectionRun run = scenario.Run([100_000], 10_000_000);
        Assert.True(run.Done, run.Error);
        Assert.Equal(QuicVersion.V2, scenario.Client.Connection!.Version);
        Assert.Equal(QuicVersion.V1, toServer.Packets[0].Version); // the client starts in v1 ...
        Assert.All(toClient.Packets, p => Assert.Equal(QuicVersion.V2, p.Version)); // ... the server answers in v2
        Assert.All(toServer.Packets.Where(p => p.Type == PacketType.Handshake), p => Assert.Equal(QuicVersion.V2, p.Version));
    }

    [Fact]
    public void AmplificationLimit()
    {
        // A nine-certificate chain and client datagrams 2 to 7 lost: before the client's address is
        // validated the server must stay within three times what it received (RFC 9000 §8.1).
        Scenario? scenario = null;
        long received = 0, sent = 0, worst = long.MinValue;
        FilterVerdict Forward(in SimPacket packet)
        {
            if (packet.Index is >= 2 and <= 7)
                return FilterVerdict.Drop;
            received += packet.Data.Length;
            return FilterVerdict.Pass;
        }
        FilterVerdict Reverse(in SimPacket packet)
        {
            QuicConnection server = scenario!.Server.Created[0];
            if (!server.IsPeerAddressValidated)
            {
                sent += packet.Data.Length;
                worst = Math.Max(worst, sent - 3 * received);
            }
            return FilterVerdict.Pass;
        }
        scenario = new Scenario(new ScenarioOptions
        {
            ServerTls = TlsPair.ServerConfig(ScenarioCertificates.LongChainLeaf),
            ClientTls = TlsPair.ClientConfig(b => b.Validation = ScenarioCertificates.TrustLongChainRoot()),
            Forward = LinkOptions.Default with { Filter = Forward },
            Reverse = LinkOptions.Default with { Filter = Reverse },
        });
        ConnectionRun run = scenario.Run([1024], 30_000_000);
        Assert.True(run.Done, run.Error);
        Assert.True(worst <= 0, $"the server sent {worst} bytes beyond 3x before validation");
        Assert.True(scenario.Server.Created[0].Counters.AmplificationBlockedCount > 0);
        Assert.Equal(9, scenario.Client.Connection!.Tls.PeerCertificateChain.Count + 1);
        output.WriteLine($"amplificationlimit: {run.ElapsedMicros / 1000} ms, server sent {sent} B for {received} B before validation");
    }
}
