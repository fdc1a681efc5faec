namespace QuicKestrel.Protocol.Api;

/// <summary>
/// Checks a <see cref="QuicCredentialConfig"/> before it is loaded, with MsQuic's rules for its
/// portable (OpenSSL) TLS: <see cref="QuicStatus.InvalidParameter"/> for inconsistent or
/// missing members, <see cref="QuicStatus.NotSupported"/> for what only Windows offers.
/// </summary>
internal static class QuicCredentialConfigRules
{
    private const QuicCredentialFlags WindowsOnlyFlags =
        QuicCredentialFlags.EnableOcsp | QuicCredentialFlags.UseSuppliedCredentials
        | QuicCredentialFlags.UseSystemMapper | QuicCredentialFlags.InprocPeerCertificate;

    private const QuicAllowedCipherSuiteFlags AllSuites =
        QuicAllowedCipherSuiteFlags.Aes128GcmSha256 | QuicAllowedCipherSuiteFlags.Aes256GcmSha384
        | QuicAllowedCipherSuiteFlags.ChaCha20Poly1305Sha256;

    public static QuicStatus Validate(QuicCredentialConfig? config)
    {
        if (config is null)
            return QuicStatus.InvalidParameter;
        QuicCredentialFlags flags = config.Flags;
        if ((flags & WindowsOnlyFlags) != 0)
            return QuicStatus.NotSupported;
        if (flags.HasFlag(QuicCredentialFlags.LoadAsynchronous) && config.AsyncHandler is null)
            return QuicStatus.InvalidParameter;
        if (flags.HasFlag(QuicCredentialFlags.DeferCertificateValidation) && !flags.HasFlag(QuicCredentialFlags.IndicateCertificateReceived))
            return QuicStatus.InvalidParameter;
        if (flags.HasFlag(QuicCredentialFlags.SetAllowedCipherSuites) && (config.AllowedCipherSuites & AllSuites) == 0)
            return QuicStatus.InvalidParameter;
        if (flags.HasFlag(QuicCredentialFlags.SetCaCertificateFile) && string.IsNullOrEmpty(config.CaCertificateFile))
            return QuicStatus.InvalidParameter;
        return ValidateCertificate(config);
    }

    private static QuicStatus ValidateCertificate(QuicCredentialConfig config) => config.Type switch
    {
        QuicCredentialType.None => config.Flags.HasFlag(QuicCredentialFlags.Client) ? QuicStatus.Success : QuicStatus.InvalidParameter,
        QuicCredentialType.CertificateContext => config.CertificateContext is { HasPrivateKey: true } ? QuicStatus.Success : QuicStatus.InvalidParameter,
        QuicCredentialType.CertificateFile => HasPaths(config.CertificateFile?.CertificateFile, config.CertificateFile?.PrivateKeyFile),
        QuicCredentialType.CertificateFileProtected => config.CertificateFileProtected is { PrivateKeyPassword: not null } files
            ? HasPaths(files.CertificateFile, files.PrivateKeyFile)
            : QuicStatus.InvalidParameter,
        QuicCredentialType.CertificatePkcs12 => config.CertificatePkcs12 is { Asn1Blob.IsEmpty: false } ? QuicStatus.Success : QuicStatus.InvalidParameter,
        _ => QuicStatus.NotSupported, // MsQuic's Windows certificate-store types (1, 2) and anything newer
    };

    private static QuicStatus HasPaths(string? certificateFile, string? privateKeyFile) =>
        string.IsNullOrEmpty(certificateFile) || string.IsNullOrEmpty(privateKeyFile)
            ? QuicStatus.InvalidParameter
            : QuicStatus.Success;
}
