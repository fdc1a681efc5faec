using System.Security.Cryptography.X509Certificates;
using QuicKestrel.Protocol.Tls;

namespace QuicKestrel.Protocol.Api;

/// <summary>
/// A credential after <c>ConfigurationLoadCredential</c>: the certificate to present (if any),
/// how the peer's certificate is checked, and the allowed suites, in the TLS layer's terms.
/// Immutable and shared by every connection of the configuration.
/// </summary>
internal sealed class LoadedCredential
{
    public required QuicCredentialFlags Flags { get; init; }

    public TlsCertificate? Certificate { get; init; }

    public required CertificateValidationOptions Validation { get; init; }

    public AllowedCipherSuites AllowedCipherSuites { get; init; } = AllowedCipherSuites.All;

    public bool IsClient => Flags.HasFlag(QuicCredentialFlags.Client);

    /// <summary>The application sees the peer's certificate (PEER_CERTIFICATE_RECEIVED).</summary>
    public bool IndicatesCertificate => Flags.HasFlag(QuicCredentialFlags.IndicateCertificateReceived);

    /// <summary>Validation failures are reported to the application instead of failing the handshake.</summary>
    public bool DefersValidation => Flags.HasFlag(QuicCredentialFlags.DeferCertificateValidation);

    /// <summary>A server asks for a client certificate: required with REQUIRE_CLIENT_AUTHENTICATION, else when the application wants to see one.</summary>
    public ClientAuthMode ClientAuth =>
        Flags.HasFlag(QuicCredentialFlags.RequireClientAuthentication) ? ClientAuthMode.Require
        : IndicatesCertificate ? ClientAuthMode.Request
        : ClientAuthMode.None;

    public X509Certificate2Collection? TrustedRoots => Validation.TrustedRoots;
}
