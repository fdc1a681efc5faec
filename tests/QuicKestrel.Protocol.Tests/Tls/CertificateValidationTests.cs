using System.Security.Cryptography.X509Certificates;
using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Tls;

namespace QuicKestrel.Protocol.Tests.Tls;

public class CertificateValidationTests
{
    private static TlsPair Run(TlsCertificate serverCertificate, string? serverName = "localhost", CertificateValidationOptions? validation = null)
    {
        var client = TlsPair.ClientConfig(c => c.Validation = validation ?? TestCertificates.TrustTestRoot());
        var pair = new TlsPair(client, TlsPair.ServerConfig(serverCertificate), serverName);
        pair.Run();
        return pair;
    }

    [Fact]
    public void ExpiredCertificateIsCertificateExpired()
    {
        using var pair = Run(TestCertificates.Expired);
        Assert.Equal(TlsAlert.CertificateExpired, pair.Client.Error.Alert);
        Assert.Equal(CertificateError.Expired, pair.Client.PeerCertificateError);
        Assert.False(pair.Server.IsHandshakeComplete);
    }

    [Fact]
    public void UntrustedRootIsUnknownCa()
    {
        using var pair = Run(TestCertificates.Untrusted);
        Assert.Equal(TlsAlert.UnknownCa, pair.Client.Error.Alert);
        Assert.Equal(CertificateError.UntrustedRoot, pair.Client.PeerCertificateError);
    }

    [Fact]
    public void SystemStoreDoesNotTrustTheTestRoot()
    {
        using var pair = Run(TestCertificates.EcdsaP256, validation: new CertificateValidationOptions());
        Assert.Equal(TlsAlert.UnknownCa, pair.Client.Error.Alert);
    }

    [Fact]
    public void WrongHostIsBadCertificate()
    {
        using var pair = Run(TestCertificates.OtherHost);
        Assert.Equal(TlsAlert.BadCertificate, pair.Client.Error.Alert);
        Assert.Equal(CertificateError.HostnameMismatch, pair.Client.PeerCertificateError);
    }

    [Theory]
    [InlineData("api.example.com", true)]
    [InlineData("example.com", false)]
    [InlineData("a.b.example.com", false)]
    public void WildcardNamesMatchOneLabel(string host, bool ok)
    {
        using var pair = Run(TestCertificates.Wildcard, host);
        Assert.Equal(ok, pair.Client.IsHandshakeComplete);
        if (!ok)
            Assert.Equal(TlsAlert.BadCertificate, pair.Client.Error.Alert);
    }

    [Fact]
    public void IpAddressMatchesSanIpAndIsNotSentAsSni()
    {
        using var pair = Run(TestCertificates.EcdsaP256, "127.0.0.1");
        pair.AssertCompleted();
        Assert.Null(pair.Server.ServerName);
        using var wrong = Run(TestCertificates.EcdsaP256, "127.0.0.2");
        Assert.Equal(TlsAlert.BadCertificate, wrong.Client.Error.Alert);
    }

    [Fact]
    public void NoValidationAcceptsAnything()
    {
        using var pair = Run(TestCertificates.Untrusted, "wrong.example", CertificateValidationOptions.NoValidation);
        pair.AssertCompleted();
    }

    [Fact]
    public void DeferredValidationPausesAndTheApplicationAccepts()
    {
        using var pair = Run(TestCertificates.Expired, validation: TestCertificates.TrustTestRoot(defer: true));
        Assert.Equal(TlsPause.CertificateValidation, pair.Client.Pause);
        Assert.Equal(CertificateError.Expired, pair.Client.PeerCertificateError);
        Assert.Contains(TlsEvent.PeerCertificateReceived, pair.ClientEvents.Events);
        Assert.False(pair.Client.IsHandshakeComplete);

        Assert.False(pair.Client.CompleteCertificateValidation(true, pair.ClientNowMicros).IsError);
        pair.Pump();
        pair.AssertCompleted();
    }

    [Fact]
    public void DeferredValidationRejectedByTheApplication()
    {
        using var pair = Run(TestCertificates.EcdsaP256, validation: TestCertificates.TrustTestRoot(defer: true));
        Assert.Equal(CertificateError.None, pair.Client.PeerCertificateError);
        TlsError error = pair.Client.CompleteCertificateValidation(false, pair.ClientNowMicros);
        Assert.Equal(TlsAlert.BadCertificate, error.Alert);
        Assert.Equal(0x12aul, error.QuicErrorCode);
    }

    [Fact]
    public void ApplicationMayDecideInsideTheCallback()
    {
        var client = TlsPair.ClientConfig(c => c.Validation = TestCertificates.TrustTestRoot(defer: true));
        using var pair = new TlsPair(client, TlsPair.ServerConfig());
        pair.ClientEvents.OnEventAction = e =>
        {
            if (e == TlsEvent.PeerCertificateReceived)
                pair.Client.CompleteCertificateValidation(true, pair.ClientNowMicros);
        };
        pair.Run();
        pair.AssertCompleted();
    }

    [Fact]
    public void ServerSendsItsChain()
    {
        var intermediate = TestCertificates.Root; // any extra certificate travels after the leaf
        var withChain = new TlsCertificate(TestCertificates.EcdsaP256.Certificate, [intermediate]);
        using var pair = Run(withChain);
        pair.AssertCompleted();
        Assert.Equal(intermediate.RawData, Assert.Single(pair.Client.PeerCertificateChain).RawData);
    }

    [Fact]
    public void ForgedCertificateVerifyIsDecryptError()
    {
        using var pair = new TlsPair(TlsPair.ClientConfig(), TlsPair.ServerConfig());
        pair.Filter = (toServer, level, data) =>
        {
            // Certificate and CertificateVerify travel in one chunk; the signature ends it.
            if (!toServer && level == EncryptionLevel.Handshake && data[0] == (byte)HandshakeType.Certificate)
                data[^5] ^= 1;
            return [(level, data)];
        };
        pair.Run();
        Assert.True(pair.Client.Error.Alert is TlsAlert.DecryptError or TlsAlert.DecodeError, pair.Client.Error.ToString());
    }

    [Fact]
    public void ValidatorReportsGarbageAsInvalidWithoutThrowing()
    {
        var leaf = TestCertificates.EcdsaP256.Certificate;
        var result = CertificateValidator.Validate(TestCertificates.TrustTestRoot(), leaf, new X509Certificate2Collection(), "localhost", true, long.MaxValue);
        Assert.NotEqual(CertificateError.None, result);
    }
}
