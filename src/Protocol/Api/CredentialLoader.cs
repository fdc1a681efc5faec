using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using QuicKestrel.Protocol.Tls;

namespace QuicKestrel.Protocol.Api;

/// <summary>
/// Turns a <see cref="QuicCredentialConfig"/> into a <see cref="LoadedCredential"/>: loads the
/// certificate and key from an <see cref="X509Certificate2"/>, PEM files (plain or encrypted key)
/// or PKCS #12 bytes, and the trusted roots from a CA file or collection. Failures are statuses:
/// <see cref="QuicStatus.NotFound"/> for a missing file, <see cref="QuicStatus.TlsError"/> for
/// unreadable certificate or key material.
/// </summary>
internal static class CredentialLoader
{
    public static QuicStatus Load(QuicCredentialConfig config, out LoadedCredential? credential)
    {
        credential = null;
        try
        {
            TlsCertificate? certificate = LoadCertificate(config);
            credential = new LoadedCredential
            {
                Flags = config.Flags,
                Certificate = certificate,
                Validation = LoadValidation(config),
                AllowedCipherSuites = config.Flags.HasFlag(QuicCredentialFlags.SetAllowedCipherSuites)
                    ? (AllowedCipherSuites)(uint)config.AllowedCipherSuites & AllowedCipherSuites.All
                    : AllowedCipherSuites.All,
            };
            return QuicStatus.Success;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return QuicStatus.NotFound;
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            return QuicStatus.TlsError;
        }
    }

    private static TlsCertificate? LoadCertificate(QuicCredentialConfig config) => config.Type switch
    {
        QuicCredentialType.CertificateContext => new TlsCertificate(config.CertificateContext!, Chain(config.IntermediateCertificates)),
        QuicCredentialType.CertificateFile => FromPem(config.CertificateFile!.CertificateFile!, config.CertificateFile.PrivateKeyFile!, null),
        QuicCredentialType.CertificateFileProtected => FromPem(config.CertificateFileProtected!.CertificateFile!,
            config.CertificateFileProtected.PrivateKeyFile!, config.CertificateFileProtected.PrivateKeyPassword),
        QuicCredentialType.CertificatePkcs12 => FromPkcs12(config.CertificatePkcs12!),
        _ => null,
    };

    private static List<X509Certificate2>? Chain(X509Certificate2Collection? intermediates) =>
        intermediates is null ? null : [.. intermediates];

    /// <summary>The first certificate of the PEM file is ours, with the key; the rest are its chain.</summary>
    private static TlsCertificate FromPem(string certificateFile, string keyFile, string? password)
    {
        RequireFile(certificateFile);
        RequireFile(keyFile);
        X509Certificate2 leaf = password is null
            ? X509Certificate2.CreateFromPemFile(certificateFile, keyFile)
            : X509Certificate2.CreateFromEncryptedPemFile(certificateFile, password, keyFile);
        var all = new X509Certificate2Collection();
        all.ImportFromPemFile(certificateFile);
        var chain = new List<X509Certificate2>();
        for (int i = 1; i < all.Count; i++)
            chain.Add(all[i]);
        return new TlsCertificate(Exportable(leaf), chain);
    }

    /// <summary>The certificate with a private key is ours; the others are its chain, leaf-most first as stored.</summary>
    private static TlsCertificate FromPkcs12(QuicCertificatePkcs12 pkcs12)
    {
        X509Certificate2Collection all = X509CertificateLoader.LoadPkcs12Collection(pkcs12.Asn1Blob.Span, pkcs12.PrivateKeyPassword);
        X509Certificate2? leaf = null;
        var chain = new List<X509Certificate2>();
        foreach (X509Certificate2 certificate in all)
        {
            if (leaf is null && certificate.HasPrivateKey)
                leaf = certificate;
            else
                chain.Add(certificate);
        }
        if (leaf is null)
            throw new CryptographicException("The PKCS #12 data holds no certificate with a private key.");
        return new TlsCertificate(leaf, chain);
    }

    // PEM-loaded keys are ephemeral; on Linux they sign as they are, elsewhere a PKCS #12 round
    // trip makes them usable by every signer.
    private static X509Certificate2 Exportable(X509Certificate2 certificate)
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
            return certificate;
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    private static CertificateValidationOptions LoadValidation(QuicCredentialConfig config)
    {
        bool defer = config.Flags.HasFlag(QuicCredentialFlags.IndicateCertificateReceived);
        if (config.Flags.HasFlag(QuicCredentialFlags.NoCertificateValidation))
            return new CertificateValidationOptions { TrustMode = CertificateTrustMode.None, DeferToApplication = defer };
        X509Certificate2Collection? roots = LoadRoots(config);
        return new CertificateValidationOptions
        {
            TrustMode = roots is null ? CertificateTrustMode.SystemStore : CertificateTrustMode.CustomRoots,
            TrustedRoots = roots,
            DeferToApplication = defer,
        };
    }

    private static X509Certificate2Collection? LoadRoots(QuicCredentialConfig config)
    {
        bool fromFile = config.Flags.HasFlag(QuicCredentialFlags.SetCaCertificateFile);
        if (!fromFile && config.CaCertificates is null)
            return null;
        var roots = new X509Certificate2Collection();
        if (config.CaCertificates is not null)
            roots.AddRange(config.CaCertificates);
        if (fromFile)
        {
            RequireFile(config.CaCertificateFile!);
            roots.ImportFromPemFile(config.CaCertificateFile!);
        }
        return roots;
    }

    private static void RequireFile(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException("Credential file not found.", path);
    }
}
