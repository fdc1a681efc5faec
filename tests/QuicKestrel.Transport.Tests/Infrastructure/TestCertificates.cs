using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace QuicKestrel.Transport.Tests.Infrastructure;

/// <summary>Self-signed certificates for tests (server: localhost/127.0.0.1; client: client authentication EKU).</summary>
internal static class TestCertificates
{
    private static readonly Lazy<X509Certificate2> s_server = new(() => Create("CN=localhost", serverAuthentication: true));
    private static readonly Lazy<X509Certificate2> s_client = new(() => Create("CN=test client", serverAuthentication: false));

    public static X509Certificate2 Server => s_server.Value;

    public static X509Certificate2 Client => s_client.Value;

    public static X509Certificate2 Create(string subject, bool serverAuthentication)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        if (serverAuthentication)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName("localhost");
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
        }
        string usage = serverAuthentication ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2";
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        DateTimeOffset now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(2));
    }

    /// <summary>A leaf (with key) issued by an intermediate issued by a root, for chain tests.</summary>
    public static (X509Certificate2 Leaf, X509Certificate2 Intermediate, X509Certificate2 Root) CreateChain()
    {
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        X509Certificate2 root = CaRequest("CN=test root", rootKey).CreateSelfSigned(now.AddHours(-1), now.AddDays(3));
        X509Certificate2 intermediate = CaRequest("CN=test intermediate", intermediateKey)
            .Create(root, now.AddMinutes(-30), now.AddDays(2), [1, 2, 3, 4])
            .CopyWithPrivateKey(intermediateKey);
        var leafRequest = new CertificateRequest("CN=localhost", leafKey, HashAlgorithmName.SHA256);
        X509Certificate2 leaf = leafRequest.Create(intermediate, now.AddMinutes(-10), now.AddDays(1), [5, 6, 7, 8]).CopyWithPrivateKey(leafKey);
        return (leaf, PublicOnly(intermediate), PublicOnly(root));
    }

    private static CertificateRequest CaRequest(string subject, ECDsa key)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        return request;
    }

    /// <summary>The certificate without its private key.</summary>
    public static X509Certificate2 PublicOnly(X509Certificate2 certificate) => X509CertificateLoader.LoadCertificate(certificate.RawData);

    /// <summary>Writes the certificate and key as PEM files (for gtlsclient --cert/--key).</summary>
    public static (string CertificatePath, string KeyPath) WritePem(X509Certificate2 certificate, string directory)
    {
        string certificatePath = Path.Combine(directory, "cert.pem");
        string keyPath = Path.Combine(directory, "key.pem");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        using ECDsa key = certificate.GetECDsaPrivateKey()!;
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return (certificatePath, keyPath);
    }
}
