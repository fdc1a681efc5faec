using System.Security.Cryptography.X509Certificates;

namespace QuicKestrel.Protocol.Api;

/// <summary>
/// The TLS credential of a configuration, loaded with <c>ConfigurationLoadCredential</c>:
/// MsQuic's <c>QUIC_CREDENTIAL_CONFIG</c>. <see cref="Type"/> says which certificate member is
/// used; <see cref="Flags"/> says client or server and how the peer's certificate is checked.
/// <para>
/// Custom certificate validation follows MsQuic's model rather than a .NET callback: set
/// <see cref="QuicCredentialFlags.IndicateCertificateReceived"/> (optionally with
/// <see cref="QuicCredentialFlags.DeferCertificateValidation"/> to see the stack's verdict
/// first) and decide in the connection's PEER_CERTIFICATE_RECEIVED event, synchronously or
/// later with <c>ConnectionCertificateValidationComplete</c>. That event already runs on the
/// connection's worker with its context, supports asynchronous decisions and orders correctly
/// with the other connection events; a second hook would duplicate it.
/// </para>
/// </summary>
public sealed class QuicCredentialConfig
{
    /// <summary>Where the certificate comes from. Default <see cref="QuicCredentialType.None"/> (clients only).</summary>
    public QuicCredentialType Type { get; set; }

    /// <summary>Client or server, and the validation and loading options.</summary>
    public QuicCredentialFlags Flags { get; set; }

    /// <summary>
    /// For <see cref="QuicCredentialType.CertificateContext"/>: the certificate, with its private
    /// key. The configuration keeps a reference; do not dispose it while the configuration is open.
    /// </summary>
    public X509Certificate2? CertificateContext { get; set; }

    /// <summary>
    /// For <see cref="QuicCredentialType.CertificateContext"/>: intermediate certificates sent
    /// after <see cref="CertificateContext"/>, in order (a .NET addition; the file and PKCS #12
    /// forms carry their chain themselves).
    /// </summary>
    public X509Certificate2Collection? IntermediateCertificates { get; set; }

    /// <summary>For <see cref="QuicCredentialType.CertificateFile"/>: the PEM files.</summary>
    public QuicCertificateFile? CertificateFile { get; set; }

    /// <summary>For <see cref="QuicCredentialType.CertificateFileProtected"/>: the PEM files and the key's password.</summary>
    public QuicCertificateFileProtected? CertificateFileProtected { get; set; }

    /// <summary>For <see cref="QuicCredentialType.CertificatePkcs12"/>: the PKCS #12 blob.</summary>
    public QuicCertificatePkcs12? CertificatePkcs12 { get; set; }

    /// <summary>With <see cref="QuicCredentialFlags.LoadAsynchronous"/> (and required by it): called once the load has finished.</summary>
    public QuicCredentialLoadComplete? AsyncHandler { get; set; }

    /// <summary>
    /// With <see cref="QuicCredentialFlags.SetAllowedCipherSuites"/>: the only cipher suites to
    /// negotiate; must name at least one.
    /// </summary>
    public QuicAllowedCipherSuiteFlags AllowedCipherSuites { get; set; }

    /// <summary>With <see cref="QuicCredentialFlags.SetCaCertificateFile"/>: a PEM file of root certificates to trust instead of the system's.</summary>
    public string? CaCertificateFile { get; set; }

    /// <summary>
    /// Root certificates to trust instead of the system's, as objects (a .NET addition, used
    /// whenever non-null; combined with <see cref="CaCertificateFile"/> when both are given).
    /// </summary>
    public X509Certificate2Collection? CaCertificates { get; set; }
}
