using System.Security.Cryptography.X509Certificates;
using QuicKestrel.Protocol.Connection;
using QuicKestrel.Protocol.Tls;

namespace QuicKestrel.Protocol.Api;

// The peer's certificate (PEER_CERTIFICATE_RECEIVED, MsQuic's model) and the statuses certificate
// failures are reported with: CertExpired, CertUntrustedRoot, CertNoCert for what our own
// validation found, the TLS alert status (0xBEBC300 + alert) for everything else.
internal sealed partial class ApiConnection
{
    /// <summary>
    /// TLS paused after validating the peer's certificate (only with INDICATE_CERTIFICATE_RECEIVED).
    /// Without DEFER_CERTIFICATE_VALIDATION a failed validation ends the handshake before the
    /// application sees anything; otherwise the application decides, now or with
    /// ConnectionCertificateValidationComplete.
    /// </summary>
    private void OnPeerCertificateReceived(QuicConnection engine, long now)
    {
        TlsSession tls = engine.Tls;
        if (tls.Pause != TlsPause.CertificateValidation)
            return; // validated by the TLS layer itself; the application did not ask to see it
        LoadedCredential? credential = Configuration?.Credential;
        CertificateError error = tls.PeerCertificateError;
        bool defer = credential?.DefersValidation ?? false;
        if (error != CertificateError.None && !defer)
        {
            engine.CompleteCertificateValidation(false, now);
            return;
        }
        _event.Type = QuicConnectionEventType.PeerCertificateReceived;
        _event.PeerCertificateReceived = new()
        {
            Certificate = tls.PeerCertificate,
            Chain = tls.PeerCertificateChain,
            DeferredErrorFlags = defer ? ErrorFlags(error) : X509ChainStatusFlags.NoError,
            DeferredStatus = defer ? CertificateStatus(error) : QuicStatus.Success,
        };
        QuicStatus status = Indicate();
        if (status == QuicStatus.Pending)
        {
            _certificatePending = true;
            return;
        }
        engine.CompleteCertificateValidation(status.Succeeded(), now);
    }

    private void ExecuteCertificateDecision(bool accept, long now)
    {
        if (!_certificatePending || Engine is not { } engine)
            return;
        _certificatePending = false;
        engine.CompleteCertificateValidation(accept, now);
    }

    /// <summary>The status of a transport-initiated shutdown; a failed certificate validation of ours names its cause.</summary>
    private static QuicStatus TransportStatus(QuicConnection engine, ConnectionStatus status)
    {
        if (!engine.IsHandshakeComplete && status >= ConnectionStatus.TlsAlertBase && engine.State != ConnectionState.Created
            && engine.Tls.PeerCertificateError is not CertificateError.None and var error)
            return CertificateStatus(error);
        return (QuicStatus)(int)status;
    }

    private static QuicStatus CertificateStatus(CertificateError error) => error switch
    {
        CertificateError.None => QuicStatus.Success,
        CertificateError.Expired => QuicStatus.CertExpired,
        CertificateError.UntrustedRoot => QuicStatus.CertUntrustedRoot,
        CertificateError.NoCertificate => QuicStatus.CertNoCert,
        _ => QuicStatus.BadCertificate,
    };

    private static X509ChainStatusFlags ErrorFlags(CertificateError error) => error switch
    {
        CertificateError.Expired => X509ChainStatusFlags.NotTimeValid,
        CertificateError.UntrustedRoot => X509ChainStatusFlags.UntrustedRoot,
        CertificateError.Invalid => X509ChainStatusFlags.NotSignatureValid,
        _ => X509ChainStatusFlags.NoError,
    };
}
