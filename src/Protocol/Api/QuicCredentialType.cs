namespace QuicKestrel.Protocol.Api;

/// <summary>
/// Where a <see cref="QuicCredentialConfig"/> finds its certificate. MsQuic's
/// <c>QUIC_CREDENTIAL_TYPE</c>, with its values. MsQuic's Windows certificate-store lookups
/// (<c>CERTIFICATE_HASH</c> 1 and <c>CERTIFICATE_HASH_STORE</c> 2) have no member here;
/// <c>ConfigurationLoadCredential</c> answers them with <see cref="QuicStatus.NotSupported"/>.
/// </summary>
public enum QuicCredentialType
{
    /// <summary>No certificate: only valid for a client (<c>QUIC_CREDENTIAL_TYPE_NONE</c>).</summary>
    None = 0,

    /// <summary>
    /// An in-memory certificate, <see cref="QuicCredentialConfig.CertificateContext"/>: an
    /// <see cref="System.Security.Cryptography.X509Certificates.X509Certificate2"/> with its
    /// private key (<c>QUIC_CREDENTIAL_TYPE_CERTIFICATE_CONTEXT</c>, whose platform certificate
    /// object is, in .NET, an <c>X509Certificate2</c>).
    /// </summary>
    CertificateContext = 3,

    /// <summary>PEM certificate and private-key files, <see cref="QuicCredentialConfig.CertificateFile"/> (<c>QUIC_CREDENTIAL_TYPE_CERTIFICATE_FILE</c>).</summary>
    CertificateFile = 4,

    /// <summary>
    /// PEM certificate and encrypted private-key files with the key's password,
    /// <see cref="QuicCredentialConfig.CertificateFileProtected"/> (<c>QUIC_CREDENTIAL_TYPE_CERTIFICATE_FILE_PROTECTED</c>).
    /// </summary>
    CertificateFileProtected = 5,

    /// <summary>
    /// A PKCS #12 (PFX) blob with an optional password, <see cref="QuicCredentialConfig.CertificatePkcs12"/>
    /// (<c>QUIC_CREDENTIAL_TYPE_CERTIFICATE_PKCS12</c>).
    /// </summary>
    CertificatePkcs12 = 6,
}
