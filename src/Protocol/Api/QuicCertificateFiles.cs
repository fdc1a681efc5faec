namespace QuicKestrel.Protocol.Api;

/// <summary>PEM certificate and private-key files (MsQuic's <c>QUIC_CERTIFICATE_FILE</c>), for <see cref="QuicCredentialType.CertificateFile"/>.</summary>
public sealed class QuicCertificateFile
{
    /// <summary>The path of the PEM private key (unencrypted PKCS #8, RSA or EC key).</summary>
    public string? PrivateKeyFile { get; set; }

    /// <summary>The path of the PEM certificate; certificates after the first are sent as its chain.</summary>
    public string? CertificateFile { get; set; }
}

/// <summary>
/// PEM certificate and encrypted private-key files with the key's password (MsQuic's
/// <c>QUIC_CERTIFICATE_FILE_PROTECTED</c>), for <see cref="QuicCredentialType.CertificateFileProtected"/>.
/// </summary>
public sealed class QuicCertificateFileProtected
{
    /// <summary>The path of the PEM encrypted private key (PKCS #8).</summary>
    public string? PrivateKeyFile { get; set; }

    /// <summary>The path of the PEM certificate; certificates after the first are sent as its chain.</summary>
    public string? CertificateFile { get; set; }

    /// <summary>The password that decrypts the private key.</summary>
    public string? PrivateKeyPassword { get; set; }
}

/// <summary>A PKCS #12 (PFX) blob (MsQuic's <c>QUIC_CERTIFICATE_PKCS12</c>), for <see cref="QuicCredentialType.CertificatePkcs12"/>.</summary>
public sealed class QuicCertificatePkcs12
{
    /// <summary>The DER-encoded PKCS #12 data, holding the certificate, its private key and optionally its chain (MsQuic's <c>Asn1Blob</c>).</summary>
    public ReadOnlyMemory<byte> Asn1Blob { get; set; }

    /// <summary>The password protecting the blob, or <see langword="null"/> when it has none.</summary>
    public string? PrivateKeyPassword { get; set; }
}
