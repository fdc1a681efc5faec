using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace WebApp;

/// <summary>
/// The certificate when Kestrel's configuration names none: a self-signed one made at
/// start-up, so the sample runs on a fresh machine without dev certificates.
/// </summary>
public static class SampleCertificate
{
    /// <summary>True when Kestrel:Certificates:Default gives a certificate (Path or Subject).</summary>
    public static bool IsConfigured(IConfiguration configuration)
    {
        var section = configuration.GetSection("Kestrel:Certificates:Default");
        return !string.IsNullOrEmpty(section["Path"]) || !string.IsNullOrEmpty(section["Subject"]);
    }

    /// <summary>An ECDSA P-256 certificate for localhost, 127.0.0.1 and ::1, valid for 14 days.</summary>
    public static X509Certificate2 CreateSelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        DateTimeOffset now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(14));
    }

    /// <summary>The base64 SHA-256 of the certificate's SubjectPublicKeyInfo: Chromium's --ignore-certificate-errors-spki-list value.</summary>
    public static string SpkiHash(X509Certificate2 certificate) =>
        Convert.ToBase64String(SHA256.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo()));

    /// <summary>Logs that a self-signed certificate is used, with its SPKI hash.</summary>
    public static void LogCreated(IServiceProvider services, X509Certificate2 certificate)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("WebApp");
        logger.LogWarning(
            "No certificate configured (Kestrel:Certificates:Default:Path/KeyPath): using a self-signed one for localhost. " +
            "Its SHA-256 SPKI hash is {SpkiHash} (chromium --ignore-certificate-errors-spki-list={SpkiHash}).",
            SpkiHash(certificate), SpkiHash(certificate));
    }
}
