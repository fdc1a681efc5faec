using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace QuicKestrel.Perf;

/// <summary>The server's certificate: loaded from PEM (cert + key) or PKCS #12, or a self-signed ECDSA P-256 one made in-process.</summary>
internal static class PerfCertificate
{
    public static X509Certificate2 Load(string? certPath, string? keyPath, string? password)
    {
        if (certPath is null)
            return CreateSelfSigned();
        if (keyPath is not null)
            return Reload(X509Certificate2.CreateFromPemFile(certPath, keyPath));
        return X509CertificateLoader.LoadPkcs12FromFile(certPath, password, X509KeyStorageFlags.Exportable);
    }

    public static X509Certificate2 CreateSelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        san.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(san.Build());
        DateTimeOffset now = DateTimeOffset.UtcNow;
        using X509Certificate2 created = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
        return Reload(created);
    }

    /// <summary>A PKCS #12 round trip gives a certificate whose private key every platform signer can use.</summary>
    private static X509Certificate2 Reload(X509Certificate2 certificate) =>
        X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12, "perf"), "perf", X509KeyStorageFlags.Exportable);
}
