using QuicKestrel.Protocol.Connection;
using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Tests.Tls;
using QuicKestrel.Protocol.Tls;
using Xunit.Abstractions;

namespace QuicKestrel.Protocol.Tests.Scenarios;

/// <summary>Scenarios about the handshake's TLS side: resumption, 0-RTT, key update, ChaCha20.</summary>
public sealed class TlsScenarioTests(ITestOutputHelper output)
{
    private static ClientSessionTicket FirstConnectionTicket(Scenario scenario)
    {
        ConnectionRun first = scenario.Run([1024], 10_000_000, waitForTicket: true);
        Assert.True(first.Done, first.Error);
        Assert.NotNull(scenario.ClientApp.Ticket);
        Assert.NotNull(scenario.Client.Connection!.Tls.PeerCertificate);
        Assert.True(ClientSessionTicket.TryDeserialize(scenario.ClientApp.Ticket, out ClientSessionTicket ticket));
        scenario.CloseAndSettle();
        return ticket;
    }

    [Fact]
    public void Resumption()
    {
        var scenario = new Scenario(new ScenarioOptions { SendTickets = true });
        ClientSessionTicket ticket = FirstConnectionTicket(scenario);
        ConnectionRun second = scenario.Run([1024], 10_000_000, ticket);
        Assert.True(second.Done, second.Error);
        QuicConnection client = scenario.Client.Connection!;
        Assert.True(client.Tls.IsResumed);
        Assert.Null(client.Tls.PeerCertificate); // the resumed handshake carried no Certificate
        Assert.True(scenario.Server.Created[^1].Tls.IsResumed);
        Assert.Contains(scenario.Client.Events, e => e.Kind == ConnectionEventKind.Connected && e.Has(ConnectionEventFlags.SessionResumed));
    }

    [Fact]
    public void ZeroRtt()
    {
        var scenario = new Scenario(new ScenarioOptions { SendTickets = true });
        ClientSessionTicket ticket = FirstConnectionTicket(scenario);
        ConnectionRun second = scenario.Run([1024, 2048, 4096], 10_000_000, ticket);
        Assert.True(second.Done, second.Error);
        QuicConnection client = scenario.Client.Connection!;
        Assert.Equal(EarlyDataStatus.Accepted, client.Tls.EarlyData);
        Assert.False(client.ZeroRttRejected);
        Assert.Equal(3, scenario.Server.ZeroRttStreams);
        output.WriteLine($"0-RTT requests answered in {second.ElapsedMicros / 1000} ms");
    }

    [Fact]
    public void KeyUpdate()
    {
        var scenario = new Scenario(new ScenarioOptions());
        bool clientUpdated = false, serverUpdated = false;
        ConnectionRun run = scenario.Run([3_000_000], 30_000_000, onProgress: s =>
        {
            long received = s.ClientApp.BytesReceived;
            if (!clientUpdated && received > 500_000)
                clientUpdated = s.Client.Connection!.InitiateKeyUpdate(s.Network.Now);
            if (clientUpdated && !serverUpdated && received > 2_000_000)
                serverUpdated = s.Server.Created[^1].InitiateKeyUpdate(s.Network.Now);
        });
        Assert.True(run.Done, run.Error);
        Assert.True(clientUpdated && serverUpdated);
        foreach (QuicConnection side in new[] { scenario.Client.Connection!, scenario.Server.Created[^1] })
        {
            Assert.Equal(2, side.ApplicationKeys.KeyUpdateCount);
            Assert.True(side.ApplicationKeys.PhasesSentIn >= 3);
            Assert.True(side.ApplicationKeys.PhasesReceivedIn >= 3);
        }
    }

    [Fact]
    public void ChaCha20()
    {
        var scenario = new Scenario(new ScenarioOptions
        {
            ClientTls = TlsPair.ClientConfig(b => b.Suites = AllowedCipherSuites.ChaCha20Poly1305Sha256),
            ServerTls = TlsPair.ServerConfig(change: b => b.Suites = AllowedCipherSuites.ChaCha20Poly1305Sha256),
        });
        ConnectionRun run = scenario.Run([100_000], 10_000_000);
        Assert.True(run.Done, run.Error);
        Assert.Equal(CipherSuite.ChaCha20Poly1305Sha256, scenario.Client.Connection!.Tls.NegotiatedCipherSuite);
    }
}
