using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace QuicKestrel.Http3;

/// <summary>Self-signed certificates for loopback HTTP/3 tests.</summary>
public static class Http3TestCertificates
{
    /// <summary>
    /// An ECDSA P-256 certificate for "localhost", 127.0.0.1 and ::1, valid from yesterday for 30
    /// days, with its private key (re-imported from PKCS #12 so every consumer can use the key).
    /// </summary>
    /// <param name="subjectName">The common name.</param>
    /// <returns>The certificate.</returns>
    public static X509Certificate2 CreateSelfSigned(string subjectName = "localhost")
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={subjectName}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(subjectName);
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using X509Certificate2 created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>Writes the certificate and its private key as PEM files (e.g. for ngtcp2's gtlsserver).</summary>
    /// <param name="certificate">A certificate with an ECDSA or RSA private key.</param>
    /// <param name="certificatePath">Where to write the certificate.</param>
    /// <param name="privateKeyPath">Where to write the PKCS #8 private key.</param>
    public static void ExportPem(X509Certificate2 certificate, string certificatePath, string privateKeyPath)
    {
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        AsymmetricAlgorithm key = (AsymmetricAlgorithm?)certificate.GetECDsaPrivateKey() ?? certificate.GetRSAPrivateKey()
            ?? throw new ArgumentException("The certificate has no ECDSA or RSA private key.", nameof(certificate));
        using (key)
            File.WriteAllText(privateKeyPath, key.ExportPkcs8PrivateKeyPem());
    }
}
