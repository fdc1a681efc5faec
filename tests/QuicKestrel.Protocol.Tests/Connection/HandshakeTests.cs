using QuicKestrel.Protocol.Connection;
using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Tests.Tls;
using QuicKestrel.Protocol.Tls;

namespace QuicKestrel.Protocol.Tests.Connection;

public sealed class HandshakeTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void Handshake_completes_for_every_cipher_suite(int suiteFlag)
    {
        var suite = (AllowedCipherSuites)suiteFlag;
        using var pair = new ConnectionPair(new PairOptions { ClientTlsConfig = TlsPair.ClientConfig(b => b.Suites = suite) });
        pair.Handshake();
        Assert.Equal(ConnectionState.Established, pair.Client.State);
        Assert.Equal(ConnectionState.Established, pair.Server!.State);
        Assert.Equal(TlsConstants.FlagOf(pair.Client.Tls.NegotiatedCipherSuite), suite);
        Assert.Contains(pair.ClientEvents, e => e.Kind == ConnectionEventKind.Connected);
        Assert.Contains(pair.ServerEvents, e => e.Kind == ConnectionEventKind.Connected);
    }

    [Fact]
    public void Handshake_with_null_protection_completes()
    {
        using var pair = new ConnectionPair(new PairOptions { Protection = PacketProtectionProvider.Null });
        pair.Handshake();
        Assert.True(pair.Server!.IsHandshakeConfirmed);
    }
}
