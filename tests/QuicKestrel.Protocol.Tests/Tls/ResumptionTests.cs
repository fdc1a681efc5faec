using FsCheck;
using FsCheck.Fluent;
using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Tls;

namespace QuicKestrel.Protocol.Tests.Tls;

public class ResumptionTests
{
    internal static ClientSessionTicket FirstConnection(TlsServerConfig server, TlsClientConfig? client = null, byte[]? appData = null)
    {
        using var pair = new TlsPair(client ?? TlsPair.ClientConfig(), server);
        pair.Run();
        pair.AssertCompleted();
        return pair.IssueTicket(appData);
    }

    [Fact]
    public void ResumedHandshakeSendsNoCertificate()
    {
        var server = TlsPair.ServerConfig();
        ClientSessionTicket ticket = FirstConnection(server, appData: [1, 2, 3]);
        Assert.Equal(TlsPair.ServerTransportParameters, ticket.ServerTransportParameters);
        Assert.Equal("localhost", ticket.ServerName);
        Assert.Equal(TlsConstants.QuicMaxEarlyDataSize, ticket.MaxEarlyDataSize);

        using var pair = new TlsPair(TlsPair.ClientConfig(c => c.EnableEarlyData = false), server, ticket: ticket, seed: 2);
        byte[]? seenAppData = null;
        pair.ServerEvents.OnEventAction = e =>
        {
            if (e == TlsEvent.ClientHelloReceived)
                pair.Server.SetConfiguration(server, TlsPair.ServerTransportParameters, pair.ServerNowMicros);
            if (e == TlsEvent.ResumptionRequested)
            {
                seenAppData = pair.Server.TicketAppData.ToArray();
                pair.Server.CompleteResumption(true, false, pair.ServerNowMicros);
            }
        };
        pair.Run();
        pair.AssertCompleted();
        Assert.True(pair.Client.IsResumed);
        Assert.True(pair.Server.IsResumed);
        Assert.Equal([1, 2, 3], seenAppData);
        Assert.Null(pair.Client.PeerCertificate);
        Assert.Equal([HandshakeType.EncryptedExtensions, HandshakeType.Finished], pair.ServerEvents.MessageTypes(EncryptionLevel.Handshake));
        Assert.Equal(EarlyDataStatus.NotAttempted, pair.Client.EarlyData);
    }

    [Fact]
    public void ApplicationMayDecideLaterOrReject()
    {
        var server = TlsPair.ServerConfig();
        ClientSessionTicket ticket = FirstConnection(server);
        using var pair = new TlsPair(TlsPair.ClientConfig(), server, ticket: ticket, seed: 3);
        pair.Run();
        Assert.Equal(TlsPause.ResumptionDecision, pair.Server.Pause);
        Assert.Equal(TlsPair.ServerTransportParameters, pair.Server.TicketTransportParameters.ToArray());
        Assert.True(pair.Server.EarlyDataPossible);

        Assert.False(pair.Server.CompleteResumption(false, false, pair.ServerNowMicros).IsError);
        pair.Pump();
        pair.AssertCompleted();
        Assert.False(pair.Client.IsResumed);
        Assert.NotNull(pair.Client.PeerCertificate);
        Assert.Equal(EarlyDataStatus.Rejected, pair.Client.EarlyData);
    }

    [Fact]
    public void TicketBlobRoundTripsAndGarbageIsRefused()
    {
        ClientSessionTicket ticket = FirstConnection(TlsPair.ServerConfig());
        byte[] blob = ticket.Serialize();
        Assert.True(ClientSessionTicket.TryDeserialize(blob, out var copy));
        Assert.Equal(ticket.Psk, copy.Psk);
        Assert.Equal(ticket.Ticket, copy.Ticket);
        Assert.Equal(ticket.AgeAdd, copy.AgeAdd);
        Assert.Equal(ticket.ReceivedUnixMicros, copy.ReceivedUnixMicros);
        Assert.Equal(ticket.Suite, copy.Suite);
        Assert.Equal(ticket.Alpn, copy.Alpn);
        for (int cut = 0; cut < blob.Length; cut++)
            Assert.False(ClientSessionTicket.TryDeserialize(blob.AsSpan(0, cut), out _));
        Prop.ForAll<byte[]>(bytes =>
        {
            ClientSessionTicket.TryDeserialize(bytes, out _);
            return true;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void ExpiredTicketIsNotOffered()
    {
        var server = TlsPair.ServerConfig(change: s => s.TicketLifetimeSeconds = 10);
        ClientSessionTicket ticket = FirstConnection(server);
        using var pair = new TlsPair(TlsPair.ClientConfig(), server, ticket: ticket, seed: 4);
        pair.ClientNowMicros += 11_000_000;
        pair.ServerNowMicros += 11_000_000;
        pair.Run();
        pair.AssertCompleted();
        Assert.False(pair.Client.OfferedResumption);
        Assert.False(pair.Client.IsResumed);
    }

    [Fact]
    public void TicketForAnotherServerNameIsNotOffered()
    {
        var server = TlsPair.ServerConfig(TestCertificates.Wildcard);
        ClientSessionTicket ticket = FirstConnection(server, TlsPair.ClientConfig(c => c.Validation = CertificateValidationOptions.NoValidation));
        using var pair = new TlsPair(TlsPair.ClientConfig(c => c.Validation = CertificateValidationOptions.NoValidation), server, "other.example", ticket, seed: 5);
        pair.Run();
        pair.AssertCompleted();
        Assert.False(pair.Client.OfferedResumption);
    }

    [Fact]
    public void ForgedBinderIsDecryptError()
    {
        var server = TlsPair.ServerConfig();
        ClientSessionTicket ticket = FirstConnection(server);
        using var pair = new TlsPair(TlsPair.ClientConfig(), server, ticket: ticket, seed: 6);
        pair.Filter = (toServer, level, data) =>
        {
            if (toServer && data[0] == (byte)HandshakeType.ClientHello)
                data[^1] ^= 1; // the binder is the last thing in the ClientHello
            return [(level, data)];
        };
        pair.Run();
        Assert.Equal(TlsAlert.DecryptError, pair.Server.Error.Alert);
    }

    [Fact]
    public void ResumptionAfterHelloRetryRequest()
    {
        var server = TlsPair.ServerConfig(change: s => s.Groups = [NamedGroup.Secp256r1]);
        ClientSessionTicket ticket = FirstConnection(server);
        using var pair = new TlsPair(TlsPair.ClientConfig(c => c.Groups = [NamedGroup.X25519, NamedGroup.Secp256r1]), server, ticket: ticket, seed: 7);
        pair.ServerEvents.OnEventAction = e =>
        {
            if (e == TlsEvent.ClientHelloReceived)
                pair.Server.SetConfiguration(server, TlsPair.ServerTransportParameters, pair.ServerNowMicros);
            if (e == TlsEvent.ResumptionRequested)
                pair.Server.CompleteResumption(true, true, pair.ServerNowMicros);
        };
        pair.Run();
        pair.AssertCompleted();
        Assert.True(pair.Client.IsResumed);
        Assert.Equal(EarlyDataStatus.Rejected, pair.Client.EarlyData); // RFC 8446 §4.2.10: no 0-RTT after HRR
        Assert.Contains(TlsEvent.EarlyDataRejected, pair.ClientEvents.Events);
    }

    [Fact]
    public void ServerWithoutTicketKeysIssuesNoTickets()
    {
        using var pair = new TlsPair(TlsPair.ClientConfig(), TlsPair.ServerConfig(change: s => s.TicketKeys = null));
        pair.Run();
        pair.AssertCompleted();
        Assert.False(pair.Server.SendSessionTicket([], pair.ServerNowMicros));
    }
}
