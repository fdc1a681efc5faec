using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Tls;

namespace QuicKestrel.Protocol.Tests.Tls;

public class ClientAuthenticationTests
{
    private static TlsPair Run(ClientAuthMode mode, TlsCertificate? clientCertificate)
    {
        var client = TlsPair.ClientConfig(c => c.ClientCertificate = clientCertificate);
        var server = TlsPair.ServerConfig(change: s => s.ClientAuth = mode);
        var pair = new TlsPair(client, server);
        pair.Run();
        return pair;
    }

    [Fact]
    public void RequiredAndPresent()
    {
        using var pair = Run(ClientAuthMode.Require, TestCertificates.Client);
        pair.AssertCompleted();
        Assert.Equal(TestCertificates.Client.Certificate.RawData, pair.Server.PeerCertificate!.RawData);
        Assert.Equal([HandshakeType.Certificate, HandshakeType.CertificateVerify, HandshakeType.Finished],
            pair.ClientEvents.MessageTypes(EncryptionLevel.Handshake));
        Assert.Contains(HandshakeType.CertificateRequest, pair.ServerEvents.MessageTypes(EncryptionLevel.Handshake));
    }

    [Fact]
    public void RequiredAndMissingIsCertificateRequired()
    {
        using var pair = Run(ClientAuthMode.Require, null);
        Assert.Equal(TlsAlert.CertificateRequired, pair.Server.Error.Alert);
        Assert.Equal([HandshakeType.Certificate, HandshakeType.Finished], pair.ClientEvents.MessageTypes(EncryptionLevel.Handshake));
    }

    [Fact]
    public void OptionalAndMissing()
    {
        using var pair = Run(ClientAuthMode.Request, null);
        pair.AssertCompleted();
        Assert.Null(pair.Server.PeerCertificate);
        Assert.Equal(CertificateError.NoCertificate, pair.Server.PeerCertificateError);
    }

    [Fact]
    public void OptionalAndPresent()
    {
        using var pair = Run(ClientAuthMode.Request, TestCertificates.Client);
        pair.AssertCompleted();
        Assert.NotNull(pair.Server.PeerCertificate);
    }

    [Fact]
    public void UntrustedClientCertificateIsUnknownCa()
    {
        using var pair = Run(ClientAuthMode.Require, TestCertificates.UntrustedClient);
        Assert.Equal(TlsAlert.UnknownCa, pair.Server.Error.Alert);
    }

    [Fact]
    public void ServerCertificateIsNotAClientCertificate()
    {
        // The server's leaf has only the serverAuth EKU.
        using var pair = Run(ClientAuthMode.Require, TestCertificates.EcdsaP256);
        Assert.Equal(TlsAlert.BadCertificate, pair.Server.Error.Alert);
    }

    [Fact]
    public void NotRequestedMeansNotSent()
    {
        using var pair = Run(ClientAuthMode.None, TestCertificates.Client);
        pair.AssertCompleted();
        Assert.Equal([HandshakeType.Finished], pair.ClientEvents.MessageTypes(EncryptionLevel.Handshake));
    }

    [Fact]
    public void ServerMayDeferClientCertificateValidation()
    {
        var client = TlsPair.ClientConfig(c => c.ClientCertificate = TestCertificates.UntrustedClient);
        var server = TlsPair.ServerConfig(change: s =>
        {
            s.ClientAuth = ClientAuthMode.Require;
            s.ClientValidation = TestCertificates.TrustTestRoot(defer: true);
        });
        using var pair = new TlsPair(client, server);
        pair.Run();
        Assert.Equal(TlsPause.CertificateValidation, pair.Server.Pause);
        Assert.Equal(CertificateError.UntrustedRoot, pair.Server.PeerCertificateError);
        Assert.False(pair.Server.IsHandshakeComplete);
        Assert.False(pair.Server.CompleteCertificateValidation(true, pair.ServerNowMicros).IsError);
        Assert.True(pair.Server.IsHandshakeComplete);
        Assert.Contains(TlsEvent.HandshakeComplete, pair.ServerEvents.Events);
    }
}
