using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Tls;

namespace QuicKestrel.Protocol.Tests.Tls;

/// <summary>0-RTT: accepted, and rejected for each reason, always falling back to a clean 1-RTT handshake.</summary>
public class EarlyDataTests
{
    private static TlsPair Resume(TlsServerConfig server, ClientSessionTicket ticket, TlsClientConfig? client = null,
        bool appAllows = true, long serverSkewMicros = 0, ulong seed = 11)
    {
        var pair = new TlsPair(client ?? TlsPair.ClientConfig(), server, ticket: ticket, seed: seed);
        pair.ServerNowMicros += serverSkewMicros;
        pair.ServerEvents.OnEventAction = e =>
        {
            if (e == TlsEvent.ClientHelloReceived)
                pair.Server.SetConfiguration(server, TlsPair.ServerTransportParameters, pair.ServerNowMicros);
            if (e == TlsEvent.ResumptionRequested)
                pair.Server.CompleteResumption(true, appAllows, pair.ServerNowMicros);
        };
        pair.Run();
        pair.AssertCompleted();
        return pair;
    }

    private static void AssertRejected(TlsPair pair)
    {
        Assert.Equal(EarlyDataStatus.Rejected, pair.Client.EarlyData);
        Assert.Contains(TlsEvent.EarlyDataRejected, pair.ClientEvents.Events);
        Assert.True(pair.ClientEvents.Secrets.ContainsKey((EncryptionLevel.ZeroRtt, true)));
        Assert.False(pair.ServerEvents.Secrets.ContainsKey((EncryptionLevel.ZeroRtt, false)));
        Assert.True(pair.Client.IsHandshakeComplete); // clean fallback to 1-RTT
    }

    [Fact]
    public void Accepted()
    {
        var server = TlsPair.ServerConfig();
        var ticket = ResumptionTests.FirstConnection(server);
        using var pair = Resume(server, ticket);
        Assert.Equal(EarlyDataStatus.Accepted, pair.Client.EarlyData);
        Assert.Equal(EarlyDataStatus.Accepted, pair.Server.EarlyData);
        Assert.Contains(TlsEvent.EarlyDataAccepted, pair.ClientEvents.Events);
        var clientWrite = pair.ClientEvents.Secrets[(EncryptionLevel.ZeroRtt, true)];
        var serverRead = pair.ServerEvents.Secrets[(EncryptionLevel.ZeroRtt, false)];
        Assert.Equal(clientWrite.Secret, serverRead.Secret);
        Assert.Equal(ticket.Suite, clientWrite.Suite);
        Assert.Equal("ZeroRtt:w", pair.ClientEvents.SecretOrder[0]); // right after the ClientHello
        Assert.DoesNotContain(HandshakeType.EndOfEarlyData, pair.ClientEvents.MessageTypes(EncryptionLevel.Handshake)); // RFC 9001 §8.3
    }

    [Fact]
    public void AcceptedWhenTheApplicationDecidesLater()
    {
        var server = TlsPair.ServerConfig();
        var ticket = ResumptionTests.FirstConnection(server);
        using var pair = new TlsPair(TlsPair.ClientConfig(), server, ticket: ticket, seed: 12);
        pair.Run();
        Assert.Equal(TlsPause.ResumptionDecision, pair.Server.Pause);
        Assert.True(pair.Server.EarlyDataPossible);
        Assert.Empty(pair.ServerEvents.Sent);
        Assert.False(pair.Server.CompleteResumption(true, true, pair.ServerNowMicros).IsError);
        pair.Pump();
        pair.AssertCompleted();
        Assert.Equal(EarlyDataStatus.Accepted, pair.Client.EarlyData);
    }

    [Fact]
    public void RejectedWhenTheTicketExpiredOnTheServer()
    {
        var server = TlsPair.ServerConfig(change: s => s.TicketLifetimeSeconds = 60);
        var ticket = ResumptionTests.FirstConnection(server);
        using var pair = Resume(server, ticket, serverSkewMicros: 61_000_000);
        AssertRejected(pair);
        Assert.False(pair.Server.IsResumed);
    }

    [Fact]
    public void RejectedForADifferentAlpn()
    {
        var server = TlsPair.ServerConfig(change: s => s.Alpns = ["h3"u8.ToArray(), "other"u8.ToArray()]);
        var ticket = ResumptionTests.FirstConnection(server);
        var secondServer = TlsPair.ServerConfig(change: s => s.Alpns = ["other"u8.ToArray(), "h3"u8.ToArray()]);
        var client = TlsPair.ClientConfig(c => c.Alpns = ["h3"u8.ToArray(), "other"u8.ToArray()]);
        using var pair = Resume(secondServer, ticket, client);
        AssertRejected(pair);
        Assert.True(pair.Client.IsResumed);
        Assert.Equal("other"u8.ToArray(), pair.Client.NegotiatedAlpn);
    }

    [Fact]
    public void RejectedForADifferentSuite()
    {
        var server = TlsPair.ServerConfig();
        var ticket = ResumptionTests.FirstConnection(server); // AES-128-GCM
        var secondServer = TlsPair.ServerConfig(change: s => s.Suites = AllowedCipherSuites.ChaCha20Poly1305Sha256);
        using var pair = Resume(secondServer, ticket);
        AssertRejected(pair);
        Assert.True(pair.Client.IsResumed); // same hash: resumption still works (RFC 8446 §4.2.11)
        Assert.Equal(CipherSuite.ChaCha20Poly1305Sha256, pair.Client.NegotiatedCipherSuite);
    }

    [Fact]
    public void RejectedWhenTheApplicationRefuses()
    {
        var server = TlsPair.ServerConfig();
        var ticket = ResumptionTests.FirstConnection(server);
        using var pair = Resume(server, ticket, appAllows: false);
        AssertRejected(pair);
        Assert.True(pair.Server.IsResumed);
    }

    [Fact]
    public void RejectedWhenTheServerDisallowsEarlyData()
    {
        var server = TlsPair.ServerConfig();
        var ticket = ResumptionTests.FirstConnection(server);
        using var pair = Resume(TlsPair.ServerConfig(change: s => s.AllowEarlyData = false), ticket);
        AssertRejected(pair);
    }

    [Fact]
    public void RejectedWhenTheTicketIsReplayed()
    {
        var server = TlsPair.ServerConfig();
        var ticket = ResumptionTests.FirstConnection(server);
        using (var first = Resume(server, ticket, seed: 21))
            Assert.Equal(EarlyDataStatus.Accepted, first.Client.EarlyData);
        using var replay = Resume(server, ticket, seed: 22);
        AssertRejected(replay);
        Assert.True(replay.Server.IsResumed); // the ticket still resumes; only 0-RTT is single-use
    }

    [Fact]
    public void RejectedWhenTheTicketKeyIsUnknown()
    {
        var server = TlsPair.ServerConfig();
        var ticket = ResumptionTests.FirstConnection(server);
        var rotated = TlsPair.ServerConfig(change: s => s.TicketKeys = SealingKeyRing.CreateRandom(new SeededRandomSource(999)));
        using var pair = Resume(rotated, ticket);
        AssertRejected(pair);
        Assert.False(pair.Client.IsResumed);
    }

    [Fact]
    public void TicketsSurviveAKeyRotation()
    {
        var ring = SealingKeyRing.CreateRandom(new SeededRandomSource(500));
        var server = TlsPair.ServerConfig(change: s => s.TicketKeys = ring);
        var ticket = ResumptionTests.FirstConnection(server);
        ring.AddKey(new byte[16], new byte[32]);
        using var pair = Resume(server, ticket);
        Assert.Equal(EarlyDataStatus.Accepted, pair.Client.EarlyData);
    }

    [Fact]
    public void RejectedWhenTheClientsTicketAgeIsImplausible()
    {
        var server = TlsPair.ServerConfig();
        var ticket = ResumptionTests.FirstConnection(server);
        using var pair = Resume(server, ticket, serverSkewMicros: 30_000_000); // 30 s apart, tolerance 10 s
        AssertRejected(pair);
    }

    [Fact]
    public void StrikeRegisterIsBounded()
    {
        var register = new StrikeRegister(capacity: 2);
        Assert.True(register.TryUseOnce(1, 100, 0));
        Assert.False(register.TryUseOnce(1, 100, 0));
        Assert.True(register.TryUseOnce(2, 100, 0));
        Assert.False(register.TryUseOnce(3, 100, 0)); // full: refuse rather than forget
        Assert.True(register.TryUseOnce(3, 300, 150)); // the first two expired
        Assert.Equal(1, register.Count);
    }
}
