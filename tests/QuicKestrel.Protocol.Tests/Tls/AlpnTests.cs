using QuicKestrel.Protocol.Tls;

namespace QuicKestrel.Protocol.Tests.Tls;

public class AlpnTests
{
    [Fact]
    public void MismatchIsNoApplicationProtocol()
    {
        var client = TlsPair.ClientConfig(c => c.Alpns = ["hq-interop"u8.ToArray()]);
        using var pair = new TlsPair(client, TlsPair.ServerConfig());
        pair.Run();
        Assert.Equal(TlsAlert.NoApplicationProtocol, pair.Server.Error.Alert);
        Assert.Equal(0x178ul, pair.Server.Error.QuicErrorCode);
        Assert.False(pair.Client.IsHandshakeComplete);
    }

    [Fact]
    public void ServerPreferenceWins()
    {
        var client = TlsPair.ClientConfig(c => c.Alpns = ["h3"u8.ToArray(), "h3-29"u8.ToArray()]);
        var server = TlsPair.ServerConfig(change: s => s.Alpns = ["h3-29"u8.ToArray(), "h3"u8.ToArray()]);
        using var pair = new TlsPair(client, server);
        pair.Run();
        pair.AssertCompleted();
        Assert.Equal("h3-29"u8.ToArray(), pair.Client.NegotiatedAlpn);
    }

    [Fact]
    public void ServerChoosingAnUnofferedProtocolIsNoApplicationProtocol()
    {
        using var pair = new TlsPair(TlsPair.ClientConfig(), TlsPair.ServerConfig());
        pair.Filter = (toServer, level, data) =>
        {
            if (!toServer && level == QuicKestrel.Protocol.Crypto.EncryptionLevel.Handshake && data[0] == (byte)HandshakeType.EncryptedExtensions)
            {
                int at = data.AsSpan().IndexOf("h3"u8);
                data[at + 1] = (byte)'4';
            }
            return [(level, data)];
        };
        pair.Run();
        Assert.Equal(TlsAlert.NoApplicationProtocol, pair.Client.Error.Alert);
    }
}
