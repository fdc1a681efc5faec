using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using QuicKestrel.Protocol.Tls;

namespace QuicKestrel.Protocol.Tests.Tls;

/// <summary>
/// Test PKI made in code: a root CA and leaves it signs (so chain validation is real), plus an
/// expired leaf, a leaf for another host, a leaf from an untrusted CA and a client certificate.
/// Built once per test run (RSA key generation is slow).
/// </summary>
internal static class TestCertificates
{
    /// <summary>The wall clock the tests run at: inside every valid certificate's validity.</summary>
    public static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    public static long NowMicros => Now.ToUnixTimeMilliseconds() * 1000;

    private static readonly DateTimeOffset NotBefore = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset NotAfter = new(2035, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    private static readonly Lazy<X509Certificate2> s_root = new(() => CreateCa("CN=QuicKestrel Test Root"));
    private static readonly Lazy<X509Certificate2> s_otherRoot = new(() => CreateCa("CN=Untrusted Test Root"));
    private static readonly Lazy<TlsCertificate> s_ecdsa = new(() => Leaf(false, "localhost", s_root.Value, NotBefore, NotAfter, ServerAuth));
    private static readonly Lazy<TlsCertificate> s_rsa = new(() => Leaf(true, "localhost", s_root.Value, NotBefore, NotAfter, ServerAuth));
    private static readonly Lazy<TlsCertificate> s_expired = new(() => Leaf(false, "localhost", s_root.Value, NotBefore, NotBefore.AddDays(100), ServerAuth));
    private static readonly Lazy<TlsCertificate> s_otherHost = new(() => Leaf(false, "example.org", s_root.Value, NotBefore, NotAfter, ServerAuth));
    private static readonly Lazy<TlsCertificate> s_untrusted = new(() => Leaf(false, "localhost", s_otherRoot.Value, NotBefore, NotAfter, ServerAuth));
    private static readonly Lazy<TlsCertificate> s_wildcard = new(() => Leaf(false, "*.example.com", s_root.Value, NotBefore, NotAfter, ServerAuth));
    private static readonly Lazy<TlsCertificate> s_client = new(() => Leaf(false, "client", s_root.Value, NotBefore, NotAfter, ClientAuth));
    private static readonly Lazy<TlsCertificate> s_untrustedClient = new(() => Leaf(false, "client", s_otherRoot.Value, NotBefore, NotAfter, ClientAuth));

    public static X509Certificate2 Root => s_root.Value;
    public static TlsCertificate EcdsaP256 => s_ecdsa.Value;
    public static TlsCertificate Rsa2048 => s_rsa.Value;
    public static TlsCertificate Expired => s_expired.Value;
    public static TlsCertificate OtherHost => s_otherHost.Value;
    public static TlsCertificate Untrusted => s_untrusted.Value;
    public static TlsCertificate Wildcard => s_wildcard.Value;
    public static TlsCertificate Client => s_client.Value;
    public static TlsCertificate UntrustedClient => s_untrustedClient.Value;

    public static CertificateValidationOptions TrustTestRoot(bool defer = false) => new()
    {
        TrustMode = CertificateTrustMode.CustomRoots,
        TrustedRoots = new X509Certificate2Collection(Root),
        DeferToApplication = defer,
    };

    private static X509Certificate2 CreateCa(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(NotBefore.AddDays(-1), NotAfter.AddYears(1));
    }

    private static TlsCertificate Leaf(bool rsa, string host, X509Certificate2 issuer, DateTimeOffset notBefore, DateTimeOffset notAfter, string eku)
    {
        using AsymmetricAlgorithm key = rsa ? RSA.Create(2048) : ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = rsa
            ? new CertificateRequest("CN=" + host, (RSA)key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : new CertificateRequest("CN=" + host, (ECDsa)key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(host);
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(eku)], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        var serial = new byte[8];
        RandomNumberGenerator.Fill(serial);
        serial[0] &= 0x7f;
        using ECDsa issuerKey = issuer.GetECDsaPrivateKey()!;
        using X509Certificate2 unsigned = request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerKey), notBefore, notAfter, serial);
        X509Certificate2 withKey = rsa ? unsigned.CopyWithPrivateKey((RSA)key) : unsigned.CopyWithPrivateKey((ECDsa)key);
        return new TlsCertificate(withKey);
    }
}
