using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Tls;

namespace QuicKestrel.Protocol.Tests.Tls;

public class BufferingAndLevelTests
{
    [Fact]
    public void ByteByByteDeliveryCompletes()
    {
        using var pair = new TlsPair(TlsPair.ClientConfig(), TlsPair.ServerConfig(TestCertificates.Rsa2048));
        pair.Filter = (_, level, data) => data.Select(b => (level, new[] { b }));
        pair.Run();
        pair.AssertCompleted();
    }

    [Fact]
    public void WholeFlightsInOneCallComplete()
    {
        using var pair = new TlsPair(TlsPair.ClientConfig(), TlsPair.ServerConfig());
        pair.Client.Start(pair.ClientNowMicros);
        pair.Server.HandleCryptoData(EncryptionLevel.Initial, pair.ClientEvents.Sent[0].Data, pair.ServerNowMicros);
        // Concatenate the server's Handshake-level output into one call.
        byte[] handshakeFlight = pair.ServerEvents.Sent.Where(s => s.Level == EncryptionLevel.Handshake).SelectMany(s => s.Data).ToArray();
        Assert.False(pair.Client.HandleCryptoData(EncryptionLevel.Initial, pair.ServerEvents.Sent[0].Data, pair.ClientNowMicros).IsError);
        Assert.False(pair.Client.HandleCryptoData(EncryptionLevel.Handshake, handshakeFlight, pair.ClientNowMicros).IsError);
        Assert.True(pair.Client.IsHandshakeComplete);
    }

    [Fact]
    public void OversizedMessageIsCryptoBufferExceeded()
    {
        var (server, _) = ClientHelloBuilder.Server();
        byte[] header = [1, 0x01, 0x00, 0x00]; // ClientHello claiming 64 KiB of body
        TlsError error = server.HandleCryptoData(EncryptionLevel.Initial, header, TestCertificates.NowMicros);
        Assert.True(error.IsError);
        Assert.Equal(TlsError.CryptoBufferExceeded, error.QuicErrorCode);
    }

    [Fact]
    public void BufferedBytesAreBounded()
    {
        var (server, _) = ClientHelloBuilder.Server();
        byte[] header = [1, 0x00, 0xff, 0x00]; // 65280 bytes declared: allowed, but we feed more than the bound
        Assert.False(server.HandleCryptoData(EncryptionLevel.Initial, header, TestCertificates.NowMicros).IsError);
        var chunk = new byte[16 * 1024];
        TlsError error = default;
        for (int i = 0; i < 5 && !error.IsError; i++)
            error = server.HandleCryptoData(EncryptionLevel.Initial, chunk, TestCertificates.NowMicros);
        Assert.Equal(TlsError.CryptoBufferExceeded, error.QuicErrorCode);
    }

    [Fact]
    public void DataAtTheWrongLevelIsUnexpectedMessage()
    {
        var (server, _) = ClientHelloBuilder.Server();
        TlsError error = server.HandleCryptoData(EncryptionLevel.Handshake, new ClientHelloBuilder().Build(), TestCertificates.NowMicros);
        Assert.Equal(TlsAlert.UnexpectedMessage, error.Alert);
        Assert.Equal(0x10aul, error.QuicErrorCode);
    }

    [Fact]
    public void DataAfterTheKeyChangeAtTheOldLevelIsUnexpectedMessage()
    {
        using var pair = new TlsPair(TlsPair.ClientConfig(), TlsPair.ServerConfig());
        pair.Client.Start(pair.ClientNowMicros);
        pair.Server.HandleCryptoData(EncryptionLevel.Initial, pair.ClientEvents.Sent[0].Data, pair.ServerNowMicros);
        // ServerHello followed, at the Initial level, by bytes that belong after the key change.
        byte[] serverHello = pair.ServerEvents.Sent[0].Data;
        TlsError error = pair.Client.HandleCryptoData(EncryptionLevel.Initial, [.. serverHello, 8, 0, 0, 2, 0, 0], pair.ClientNowMicros);
        Assert.Equal(TlsAlert.UnexpectedMessage, error.Alert);
    }

    [Fact]
    public void ErrorsAreSticky()
    {
        var (server, _) = ClientHelloBuilder.Server();
        TlsError first = server.HandleCryptoData(EncryptionLevel.Initial, [20, 0, 0, 0], TestCertificates.NowMicros);
        TlsError second = server.HandleCryptoData(EncryptionLevel.Initial, new ClientHelloBuilder().Build(), TestCertificates.NowMicros);
        Assert.Equal(first, second);
    }
}
