using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using QuicKestrel.Transport.Internal;
using QuicKestrel.Transport.Tests.Infrastructure;

namespace QuicKestrel.Transport.Tests.Unit;

public class ClientCertificatePolicyTests
{
    private static readonly object s_sender = new();

    [Fact]
    public void No_policy_when_no_client_certificate_is_requested()
    {
        Assert.Null(ClientCertificatePolicy.From(new SslServerAuthenticationOptions()));
        Assert.NotNull(ClientCertificatePolicy.From(new SslServerAuthenticationOptions { ClientCertificateRequired = true }));
    }

    [Fact]
    public void Without_a_callback_a_missing_or_untrusted_certificate_is_refused()
    {
        ClientCertificatePolicy policy = ClientCertificatePolicy.From(new SslServerAuthenticationOptions { ClientCertificateRequired = true })!;
        Assert.False(policy.Accept(s_sender, null, null, out string missing));
        Assert.Contains(nameof(SslPolicyErrors.RemoteCertificateNotAvailable), missing);
        Assert.False(policy.Accept(s_sender, TestCertificates.PublicOnly(TestCertificates.Client), null, out string untrusted));
        Assert.Contains(nameof(SslPolicyErrors.RemoteCertificateChainErrors), untrusted);
    }

    [Fact]
    public void The_callback_decides_and_sees_the_errors_the_chain_and_the_sender()
    {
        var calls = new List<(object Sender, X509Certificate? Certificate, X509Chain? Chain, SslPolicyErrors Errors)>();
        var options = new SslServerAuthenticationOptions
        {
            ClientCertificateRequired = true,
            RemoteCertificateValidationCallback = (sender, certificate, chain, errors) =>
            {
                calls.Add((sender, certificate, chain, errors));
                return certificate is not null; // Kestrel's AllowAnyClientCertificate with a certificate required
            },
        };
        ClientCertificatePolicy policy = ClientCertificatePolicy.From(options)!;
        X509Certificate2 certificate = TestCertificates.PublicOnly(TestCertificates.Client);

        Assert.True(policy.Accept(s_sender, certificate, null, out _));
        Assert.False(policy.Accept(s_sender, null, null, out string reason));
        Assert.Contains("callback", reason);

        Assert.Equal(2, calls.Count);
        Assert.Same(s_sender, calls[0].Sender);
        Assert.Same(certificate, calls[0].Certificate);
        Assert.NotNull(calls[0].Chain);
        Assert.Equal(SslPolicyErrors.RemoteCertificateChainErrors, calls[0].Errors);
        Assert.Null(calls[1].Chain);
        Assert.Equal(SslPolicyErrors.RemoteCertificateNotAvailable, calls[1].Errors);
    }

    [Fact]
    public void A_custom_trust_policy_makes_a_pinned_client_certificate_valid()
    {
        X509Certificate2 certificate = TestCertificates.PublicOnly(TestCertificates.Client);
        var chainPolicy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        chainPolicy.CustomTrustStore.Add(certificate);
        var options = new SslServerAuthenticationOptions { ClientCertificateRequired = true, CertificateChainPolicy = chainPolicy };
        Assert.True(ClientCertificatePolicy.From(options)!.Accept(s_sender, certificate, null, out _));
    }
}
