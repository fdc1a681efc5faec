using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace QuicKestrel.Protocol.Tests.Api.Loopback;

/// <summary>Certificates made once per test run: a self-signed server certificate, and a small CA with a leaf, an expired leaf.</summary>
internal static class TestCertificates
{
    private static readonly Lazy<X509Certificate2> s_selfSigned = new(() => CreateSelfSigned("localhost"));
    private static readonly Lazy<(X509Certificate2 Root, X509Certificate2 Leaf, X509Certificate2 Expired)> s_chain = new(CreateChain);

    /// <summary>Self-signed, ECDSA P-256, for localhost, 127.0.0.1 and ::1.</summary>
    public static X509Certificate2 SelfSigned => s_selfSigned.Value;

    /// <summary>A test root CA (trust it as a custom root).</summary>
    public static X509Certificate2 Root => s_chain.Value.Root;

    /// <summary>A leaf for localhost issued by <see cref="Root"/>.</summary>
    public static X509Certificate2 Leaf => s_chain.Value.Leaf;

    /// <summary>A leaf for localhost issued by <see cref="Root"/> that expired a year ago.</summary>
    public static X509Certificate2 ExpiredLeaf => s_chain.Value.Expired;

    private static X509Certificate2 CreateSelfSigned(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        CertificateRequest request = LeafRequest(name, key);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        using X509Certificate2 created = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
        return Reload(created);
    }

    private static (X509Certificate2, X509Certificate2, X509Certificate2) CreateChain()
    {
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootRequest = new CertificateRequest("CN=QuicKestrel Test Root", rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        DateTimeOffset now = DateTimeOffset.UtcNow;
        using X509Certificate2 root = rootRequest.CreateSelfSigned(now.AddYears(-3), now.AddYears(3));
        X509Certificate2 leaf = Issue(root, now.AddDays(-1), now.AddDays(30));
        X509Certificate2 expired = Issue(root, now.AddYears(-2), now.AddYears(-1));
        return (X509CertificateLoader.LoadCertificate(root.RawData), leaf, expired);
    }

    private static X509Certificate2 Issue(X509Certificate2 issuer, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        CertificateRequest request = LeafRequest("localhost", key);
        byte[] serial = RandomNumberGenerator.GetBytes(12);
        using X509Certificate2 issued = request.Create(issuer, notBefore, notAfter, serial);
        using X509Certificate2 withKey = issued.CopyWithPrivateKey(key);
        return Reload(withKey);
    }

    private static CertificateRequest LeafRequest(string name, ECDsa key)
    {
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(name);
        san.AddIpAddress(IPAddress.Loopback);
        san.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        return request;
    }

    /// <summary>A PKCS #12 round trip gives a certificate whose key every platform signer can use.</summary>
    private static X509Certificate2 Reload(X509Certificate2 certificate) =>
        X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12, "pw"), "pw", X509KeyStorageFlags.Exportable);
}
