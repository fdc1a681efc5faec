using System.Security.Cryptography.X509Certificates;
using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Protocol.Tests.Api.Loopback;

/// <summary>Peer certificate validation through the credential flags, and the statuses failures report.</summary>
public class CertificateTests
{
    private static QuicCredentialConfig ServerCredential(X509Certificate2 certificate) => new()
    {
        Type = QuicCredentialType.CertificateContext,
        CertificateContext = certificate,
    };

    private static QuicCredentialConfig TrustingClient(QuicCredentialFlags extra = QuicCredentialFlags.None) => new()
    {
        Flags = QuicCredentialFlags.Client | extra,
        CaCertificates = new X509Certificate2Collection(TestCertificates.Root),
    };

    private static Loopback Serve(X509Certificate2 certificate, QuicCredentialConfig client)
    {
        Loopback loopback = Loopback.Create(clientCredential: client);
        Assert.Equal(QuicStatus.Success, loopback.Api.ConfigurationLoadCredential(loopback.ServerConfiguration, ServerCredential(certificate)));
        return loopback;
    }

    [Fact]
    public void A_certificate_chaining_to_a_custom_root_is_accepted()
    {
        using Loopback loopback = Serve(TestCertificates.Leaf, TrustingClient());
        ConnectionPeer client = loopback.OpenClient();
        loopback.StartClient(client, host: "localhost");
        client.WaitFor(QuicConnectionEventType.Connected);
    }

    [Fact]
    public void An_expired_certificate_fails_the_handshake_with_CERT_EXPIRED()
    {
        using Loopback loopback = Serve(TestCertificates.ExpiredLeaf, TrustingClient());
        ConnectionPeer client = loopback.OpenClient();
        loopback.StartClient(client, host: "localhost");
        QuicConnectionEvent failed = client.WaitFor(QuicConnectionEventType.ShutdownInitiatedByTransport);
        Assert.Equal(QuicStatus.CertExpired, failed.ShutdownInitiatedByTransport.Status);
        Assert.Equal(0x100UL + 45, failed.ShutdownInitiatedByTransport.ErrorCode); // CRYPTO_ERROR(certificate_expired)
        Assert.False(client.Has(QuicConnectionEventType.Connected));
    }

    [Fact]
    public void A_certificate_from_an_unknown_root_fails_with_CERT_UNTRUSTED_ROOT()
    {
        using Loopback loopback = Serve(TestCertificates.SelfSigned, TrustingClient());
        ConnectionPeer client = loopback.OpenClient();
        loopback.StartClient(client, host: "localhost");
        Assert.Equal(QuicStatus.CertUntrustedRoot, client.WaitFor(QuicConnectionEventType.ShutdownInitiatedByTransport).ShutdownInitiatedByTransport.Status);
    }

    [Fact]
    public void DEFER_CERTIFICATE_VALIDATION_reports_the_failure_and_lets_the_application_accept()
    {
        using Loopback loopback = Serve(TestCertificates.ExpiredLeaf,
            TrustingClient(QuicCredentialFlags.IndicateCertificateReceived | QuicCredentialFlags.DeferCertificateValidation));
        ConnectionPeer client = loopback.OpenClient();
        X509Certificate2? seen = null;
        client.React = (QuicHandle _, ref QuicConnectionEvent e) =>
        {
            if (e.Type == QuicConnectionEventType.PeerCertificateReceived)
                seen = new X509Certificate2(e.PeerCertificateReceived.Certificate!);
            return QuicStatus.Success;
        };
        loopback.StartClient(client, host: "localhost");
        QuicConnectionEvent received = client.WaitFor(QuicConnectionEventType.PeerCertificateReceived);
        Assert.Equal(QuicStatus.CertExpired, received.PeerCertificateReceived.DeferredStatus);
        Assert.True(received.PeerCertificateReceived.DeferredErrorFlags.HasFlag(X509ChainStatusFlags.NotTimeValid));
        Assert.Equal(TestCertificates.ExpiredLeaf.Thumbprint, seen!.Thumbprint);
        client.WaitFor(QuicConnectionEventType.Connected);
    }

    [Fact]
    public void INDICATE_CERTIFICATE_RECEIVED_lets_the_application_reject_a_valid_certificate()
    {
        using Loopback loopback = Serve(TestCertificates.Leaf, TrustingClient(QuicCredentialFlags.IndicateCertificateReceived));
        ConnectionPeer client = loopback.OpenClient();
        client.React = (QuicHandle _, ref QuicConnectionEvent e) =>
            e.Type == QuicConnectionEventType.PeerCertificateReceived ? QuicStatus.BadCertificate : QuicStatus.Success;
        loopback.StartClient(client, host: "localhost");
        QuicConnectionEvent received = client.WaitFor(QuicConnectionEventType.PeerCertificateReceived);
        Assert.Equal(QuicStatus.Success, received.PeerCertificateReceived.DeferredStatus);
        QuicConnectionEvent failed = client.WaitFor(QuicConnectionEventType.ShutdownInitiatedByTransport);
        Assert.Equal(QuicStatus.BadCertificate, failed.ShutdownInitiatedByTransport.Status);
    }

    [Fact]
    public void A_PENDING_certificate_decision_completes_with_ConnectionCertificateValidationComplete()
    {
        using Loopback loopback = Serve(TestCertificates.Leaf, TrustingClient(QuicCredentialFlags.IndicateCertificateReceived));
        ConnectionPeer client = loopback.OpenClient();
        client.React = (QuicHandle _, ref QuicConnectionEvent e) =>
            e.Type == QuicConnectionEventType.PeerCertificateReceived ? QuicStatus.Pending : QuicStatus.Success;
        loopback.StartClient(client, host: "localhost");
        client.WaitFor(QuicConnectionEventType.PeerCertificateReceived);
        Assert.True(client.Events.StaysWithout(e => e.Type == QuicConnectionEventType.Connected, TimeSpan.FromMilliseconds(300)));
        Assert.Equal(QuicStatus.Pending, loopback.Api.ConnectionCertificateValidationComplete(client.Handle, true, QuicTlsAlertCode.Success));
        client.WaitFor(QuicConnectionEventType.Connected);
    }

    [Fact]
    public void A_server_requiring_client_authentication_refuses_a_client_without_a_certificate()
    {
        using Loopback loopback = Loopback.Create();
        Assert.Equal(QuicStatus.Success, loopback.Api.ConfigurationLoadCredential(loopback.ServerConfiguration, new QuicCredentialConfig
        {
            Type = QuicCredentialType.CertificateContext,
            CertificateContext = TestCertificates.SelfSigned,
            Flags = QuicCredentialFlags.RequireClientAuthentication | QuicCredentialFlags.NoCertificateValidation,
        }));
        ConnectionPeer client = loopback.OpenClient();
        loopback.StartClient(client);
        client.WaitFor(QuicConnectionEventType.ShutdownComplete);
        QuicConnectionEvent failed = client.Events.Snapshot().First(e => e.Type == QuicConnectionEventType.ShutdownInitiatedByTransport);
        Assert.True(failed.ShutdownInitiatedByTransport.Status.TryGetTlsAlert(out QuicTlsAlertCode alert), failed.ShutdownInitiatedByTransport.Status.ToString());
        Assert.Equal(QuicTlsAlertCode.CertificateRequired, alert);
    }

    [Fact]
    public void A_client_certificate_is_seen_by_the_server()
    {
        using Loopback loopback = Loopback.Create(clientCredential: new QuicCredentialConfig
        {
            Type = QuicCredentialType.CertificateContext,
            CertificateContext = TestCertificates.Leaf,
            Flags = QuicCredentialFlags.Client | QuicCredentialFlags.NoCertificateValidation,
        });
        Assert.Equal(QuicStatus.Success, loopback.Api.ConfigurationLoadCredential(loopback.ServerConfiguration, new QuicCredentialConfig
        {
            Type = QuicCredentialType.CertificateContext,
            CertificateContext = TestCertificates.SelfSigned,
            Flags = QuicCredentialFlags.RequireClientAuthentication | QuicCredentialFlags.IndicateCertificateReceived,
            CaCertificates = new X509Certificate2Collection(TestCertificates.Root),
        }));
        string? thumbprint = null;
        loopback.ConfigureServerConnection = server => server.React = (QuicHandle _, ref QuicConnectionEvent e) =>
        {
            if (e.Type == QuicConnectionEventType.PeerCertificateReceived)
                thumbprint = e.PeerCertificateReceived.Certificate?.Thumbprint;
            return QuicStatus.Success;
        };
        loopback.Connect();
        Assert.Equal(TestCertificates.Leaf.Thumbprint, thumbprint);
    }
}
