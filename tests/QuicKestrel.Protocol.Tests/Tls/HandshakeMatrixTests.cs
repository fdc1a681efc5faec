using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Tls;

namespace QuicKestrel.Protocol.Tests.Tls;

public class HandshakeMatrixTests
{
    public static TheoryData<ushort, ushort, bool> Matrix()
    {
        var data = new TheoryData<ushort, ushort, bool>();
        foreach (var suite in new[] { CipherSuite.Aes128GcmSha256, CipherSuite.Aes256GcmSha384, CipherSuite.ChaCha20Poly1305Sha256 })
            foreach (var group in new[] { NamedGroup.X25519, NamedGroup.Secp256r1, NamedGroup.Secp384r1 })
                foreach (bool rsa in new[] { false, true })
                    data.Add((ushort)suite, (ushort)group, rsa);
        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public void FullHandshake_EverySuiteGroupAndCertificate(ushort suiteCode, ushort groupCode, bool rsa)
    {
        var suite = (CipherSuite)suiteCode;
        var group = (NamedGroup)groupCode;
        var client = TlsPair.ClientConfig(c => { c.Suites = TlsConstants.FlagOf(suite); c.Groups = [group]; });
        var server = TlsPair.ServerConfig(rsa ? TestCertificates.Rsa2048 : TestCertificates.EcdsaP256);
        using var pair = new TlsPair(client, server);
        pair.Run();

        pair.AssertCompleted();
        Assert.Equal(suite, pair.Client.NegotiatedCipherSuite);
        Assert.Equal(suite, pair.Server.NegotiatedCipherSuite);
        Assert.Equal(group, pair.Client.NegotiatedGroup);
        Assert.Equal(group, pair.Server.NegotiatedGroup);
        Assert.Equal(TlsPair.H3, pair.Client.NegotiatedAlpn);
        Assert.Equal(TlsPair.H3, pair.Server.NegotiatedAlpn);
        Assert.Equal(TlsPair.ServerTransportParameters, pair.Client.PeerTransportParameters);
        Assert.Equal(TlsPair.ClientTransportParameters, pair.Server.PeerTransportParameters);
        Assert.Equal((rsa ? TestCertificates.Rsa2048 : TestCertificates.EcdsaP256).Certificate.RawData, pair.Client.PeerCertificate!.RawData);
        Assert.False(pair.Client.IsResumed);
        AssertSecretsPair(pair, EncryptionLevel.Handshake, suite);
        AssertSecretsPair(pair, EncryptionLevel.OneRtt, suite);
        Assert.Equal(CipherSuiteInfo.HashLength(suite), pair.ClientEvents.Secrets[(EncryptionLevel.OneRtt, true)].Secret.Length);
    }

    [Fact]
    public void SecretsAndDataFollowRfc9001Order()
    {
        using var pair = new TlsPair(TlsPair.ClientConfig(), TlsPair.ServerConfig());
        pair.Run();
        pair.AssertCompleted();
        Assert.Equal(["Handshake:r", "Handshake:w", "OneRtt:w", "OneRtt:r"], pair.ServerEvents.SecretOrder);
        Assert.Equal(["Handshake:r", "Handshake:w", "OneRtt:r", "OneRtt:w"], pair.ClientEvents.SecretOrder);
        Assert.Equal([HandshakeType.ServerHello], pair.ServerEvents.MessageTypes(EncryptionLevel.Initial));
        Assert.Equal([HandshakeType.EncryptedExtensions, HandshakeType.Certificate, HandshakeType.CertificateVerify, HandshakeType.Finished],
            pair.ServerEvents.MessageTypes(EncryptionLevel.Handshake));
        Assert.Equal([HandshakeType.Finished], pair.ClientEvents.MessageTypes(EncryptionLevel.Handshake));
        Assert.Equal([TlsEvent.ClientHelloReceived, TlsEvent.HandshakeComplete], pair.ServerEvents.Events);
        Assert.Contains(TlsEvent.HandshakeComplete, pair.ClientEvents.Events);
        Assert.True(pair.Server.IsHandshakeConfirmed);
        Assert.False(pair.Client.IsHandshakeConfirmed);
        pair.Client.ConfirmHandshake();
        Assert.True(pair.Client.IsHandshakeConfirmed);
    }

    [Fact]
    public void ServerConfigurationMayArriveLater()
    {
        var serverConfig = TlsPair.ServerConfig();
        using var pair = new TlsPair(TlsPair.ClientConfig(), serverConfig, configureInline: false);
        pair.Run();
        Assert.Equal(TlsPause.ServerConfiguration, pair.Server.Pause);
        Assert.Equal("localhost", pair.Server.ServerName);
        Assert.Equal(TlsPair.H3, Assert.Single(pair.Server.ClientAlpns));
        Assert.Equal(TlsPair.ClientTransportParameters, pair.Server.PeerTransportParameters);
        Assert.Empty(pair.ServerEvents.Sent);

        Assert.False(pair.Server.SetConfiguration(serverConfig, TlsPair.ServerTransportParameters, pair.ServerNowMicros).IsError);
        pair.Pump();
        pair.AssertCompleted();
    }

    [Fact]
    public void CertificateSelectedBySni()
    {
        string? seen = null;
        var server = TlsPair.ServerConfig(change: s =>
        {
            s.Certificates = [TestCertificates.OtherHost];
            s.SelectCertificate = name => { seen = name; return name == "localhost" ? TestCertificates.Rsa2048 : null; };
        });
        using var pair = new TlsPair(TlsPair.ClientConfig(), server);
        pair.Run();
        pair.AssertCompleted();
        Assert.Equal("localhost", seen);
        Assert.Equal(TestCertificates.Rsa2048.Certificate.RawData, pair.Client.PeerCertificate!.RawData);
    }

    [Fact]
    public void ServerPrefersItsOwnSuiteOrder()
    {
        var server = TlsPair.ServerConfig(change: s => s.Suites = AllowedCipherSuites.Aes256GcmSha384 | AllowedCipherSuites.ChaCha20Poly1305Sha256);
        using var pair = new TlsPair(TlsPair.ClientConfig(), server);
        pair.Run();
        pair.AssertCompleted();
        Assert.Equal(CipherSuite.Aes256GcmSha384, pair.Client.NegotiatedCipherSuite);
    }

    [Fact]
    public void NoCommonSuiteIsHandshakeFailure()
    {
        var client = TlsPair.ClientConfig(c => c.Suites = AllowedCipherSuites.ChaCha20Poly1305Sha256);
        var server = TlsPair.ServerConfig(change: s => s.Suites = AllowedCipherSuites.Aes128GcmSha256);
        using var pair = new TlsPair(client, server);
        pair.Run();
        Assert.Equal(TlsAlert.HandshakeFailure, pair.Server.Error.Alert);
        Assert.Equal(0x128ul, pair.Server.Error.QuicErrorCode);
    }

    private static void AssertSecretsPair(TlsPair pair, EncryptionLevel level, CipherSuite suite)
    {
        var clientWrite = pair.ClientEvents.Secrets[(level, true)];
        var serverRead = pair.ServerEvents.Secrets[(level, false)];
        var serverWrite = pair.ServerEvents.Secrets[(level, true)];
        var clientRead = pair.ClientEvents.Secrets[(level, false)];
        Assert.Equal(clientWrite.Secret, serverRead.Secret);
        Assert.Equal(serverWrite.Secret, clientRead.Secret);
        Assert.NotEqual(clientWrite.Secret, serverWrite.Secret);
        Assert.Equal(suite, clientWrite.Suite);
        Assert.Equal(suite, serverWrite.Suite);
    }
}
