using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Tls;

namespace QuicKestrel.Protocol.Tests.Tls;

public class HelloRetryRequestTests
{
    [Fact]
    public void ShareForUnwantedGroupTriggersRetry()
    {
        // The client's only share is P-384, which the server does not accept; it supports x25519 too.
        var client = TlsPair.ClientConfig(c => c.Groups = [NamedGroup.Secp384r1, NamedGroup.X25519]);
        var server = TlsPair.ServerConfig(change: s => s.Groups = [NamedGroup.X25519, NamedGroup.Secp256r1]);
        using var pair = new TlsPair(client, server);
        pair.Run();

        pair.AssertCompleted();
        Assert.Equal(NamedGroup.X25519, pair.Client.NegotiatedGroup);
        Assert.Equal([HandshakeType.ServerHello, HandshakeType.ServerHello], pair.ServerEvents.MessageTypes(EncryptionLevel.Initial));
        Assert.Equal([HandshakeType.ClientHello, HandshakeType.ClientHello], pair.ClientEvents.MessageTypes(EncryptionLevel.Initial));
        var retry = pair.ServerEvents.Sent[0].Data;
        Assert.Equal(0, ServerHelloMessage.TryParse(retry, out var hrr).Reason?.Length ?? 0);
        Assert.True(hrr.IsHelloRetryRequest);
        Assert.NotNull(hrr.Cookie);
        Assert.Equal((ushort)NamedGroup.X25519, hrr.KeyShareGroup);
    }

    [Fact]
    public void CookieLetsAFreshServerFinishTheHandshake()
    {
        var client = TlsPair.ClientConfig(c => c.Groups = [NamedGroup.Secp384r1, NamedGroup.Secp256r1]);
        var serverConfig = TlsPair.ServerConfig(change: s => s.Groups = [NamedGroup.Secp256r1]);
        using var pair = new TlsPair(client, serverConfig);
        pair.Client.Start(pair.ClientNowMicros);
        pair.Server.HandleCryptoData(EncryptionLevel.Initial, pair.ClientEvents.Sent[0].Data, pair.ServerNowMicros);
        byte[] retry = pair.ServerEvents.Sent[0].Data;
        pair.Client.HandleCryptoData(EncryptionLevel.Initial, retry, pair.ClientNowMicros);
        byte[] secondHello = pair.ClientEvents.Sent[1].Data;

        // A stateless server: a brand-new session, never saw ClientHello1, rebuilds the transcript from the cookie.
        var freshEvents = new RecordingHandler();
        using var fresh = new TlsServer(freshEvents, new SeededRandomSource(9));
        freshEvents.OnEventAction = e =>
        {
            if (e == TlsEvent.ClientHelloReceived)
                fresh.SetConfiguration(serverConfig, TlsPair.ServerTransportParameters, pair.ServerNowMicros);
        };
        Assert.False(fresh.HandleCryptoData(EncryptionLevel.Initial, secondHello, pair.ServerNowMicros).IsError);
        int toClient = 0, toServer = 2;
        for (int round = 0; round < 5 && !fresh.IsHandshakeComplete; round++)
        {
            for (; toClient < freshEvents.Sent.Count; toClient++)
                pair.Client.HandleCryptoData(freshEvents.Sent[toClient].Level, freshEvents.Sent[toClient].Data, pair.ClientNowMicros);
            for (; toServer < pair.ClientEvents.Sent.Count; toServer++)
                fresh.HandleCryptoData(pair.ClientEvents.Sent[toServer].Level, pair.ClientEvents.Sent[toServer].Data, pair.ServerNowMicros);
        }
        Assert.False(pair.Client.Error.IsError, pair.Client.Error.ToString());
        Assert.True(fresh.IsHandshakeComplete, fresh.Error.ToString());
        Assert.True(pair.Client.IsHandshakeComplete);
        Assert.Equal(NamedGroup.Secp256r1, fresh.NegotiatedGroup);
    }

    [Fact]
    public void TamperedCookieIsRejected()
    {
        var client = TlsPair.ClientConfig(c => c.Groups = [NamedGroup.Secp384r1, NamedGroup.X25519]);
        var server = TlsPair.ServerConfig(change: s => s.Groups = [NamedGroup.X25519]);
        using var pair = new TlsPair(client, server);
        pair.Filter = (toServer, level, data) =>
        {
            if (!toServer && ServerHelloMessage.TryParse(data, out var hello).Reason is null && hello.IsHelloRetryRequest)
                data[^1] ^= 0x40; // last byte of the cookie
            return [(level, data)];
        };
        pair.Run();
        Assert.Equal(TlsAlert.IllegalParameter, pair.Server.Error.Alert);
    }

    [Fact]
    public void SecondHelloRetryRequestIsUnexpected()
    {
        var client = TlsPair.ClientConfig(c => c.Groups = [NamedGroup.Secp384r1, NamedGroup.X25519]);
        var server = TlsPair.ServerConfig(change: s => s.Groups = [NamedGroup.X25519]);
        using var pair = new TlsPair(client, server);
        pair.Filter = (toServer, level, data) =>
            !toServer && ServerHelloMessage.TryParse(data, out var hello).Reason is null && hello.IsHelloRetryRequest
                ? [(level, data), (level, data)]
                : [(level, data)];
        pair.Run();
        Assert.Equal(TlsAlert.UnexpectedMessage, pair.Client.Error.Alert);
    }

    [Fact]
    public void NoMutualGroupIsHandshakeFailure()
    {
        var client = TlsPair.ClientConfig(c => c.Groups = [NamedGroup.Secp384r1]);
        var server = TlsPair.ServerConfig(change: s => s.Groups = [NamedGroup.X25519]);
        using var pair = new TlsPair(client, server);
        pair.Run();
        Assert.Equal(TlsAlert.HandshakeFailure, pair.Server.Error.Alert);
    }

    [Fact]
    public void UnsupportedExtraShareIsSkippedWithoutRetry()
    {
        // Chromium offers X25519MLKEM768 (0x11ec) before x25519: the server must use x25519 at once.
        var hello = new ClientHelloBuilder
        {
            KeyShares = [(0x11ec, new byte[1216]), ((ushort)NamedGroup.X25519, ClientHelloBuilder.X25519PublicKey())],
            Groups = [0x11ec, (ushort)NamedGroup.X25519, (ushort)NamedGroup.Secp256r1],
        }.Build();
        var (server, events) = ClientHelloBuilder.Server();
        Assert.False(server.HandleCryptoData(EncryptionLevel.Initial, hello, TestCertificates.NowMicros).IsError, server.Error.ToString());
        Assert.Equal(0, ServerHelloMessage.TryParse(events.Sent[0].Data, out var reply).Reason?.Length ?? 0);
        Assert.False(reply.IsHelloRetryRequest);
        Assert.Equal((ushort)NamedGroup.X25519, reply.KeyShareGroup);
        Assert.Equal(NamedGroup.X25519, server.NegotiatedGroup);
    }
}
