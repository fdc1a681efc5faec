using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using QuicKestrel.Protocol.Tls;

namespace QuicKestrel.Protocol.Tests.Scenarios;

/// <summary>
/// A server certificate with a long chain (the amplificationlimit scenario): a root, eight
/// intermediates and the leaf, so the server's first flight is far larger than three client
/// Initials. ECDSA P-256 throughout; made once per test run.
/// </summary>
internal static class ScenarioCertificates
{
    public const int IntermediateCount = 8;

    private static readonly DateTimeOffset NotBefore = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset NotAfter = new(2035, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly Lazy<(TlsCertificate Leaf, X509Certificate2 Root)> s_longChain = new(CreateLongChain);

    /// <summary>The leaf with its eight intermediates (nine certificates on the wire).</summary>
    public static TlsCertificate LongChainLeaf => s_longChain.Value.Leaf;

    public static X509Certificate2 LongChainRoot => s_longChain.Value.Root;

    public static CertificateValidationOptions TrustLongChainRoot() => new()
    {
        TrustMode = CertificateTrustMode.CustomRoots,
        TrustedRoots = new X509Certificate2Collection(LongChainRoot),
    };

    private static (TlsCertificate, X509Certificate2) CreateLongChain()
    {
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        X509Certificate2 root = CaRequest("CN=Scenario Root", rootKey).CreateSelfSigned(NotBefore, NotAfter);
        X509Certificate2 issuer = root;
        var intermediates = new List<X509Certificate2>();
        for (int i = 1; i <= IntermediateCount; i++)
        {
            var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            CertificateRequest request = CaRequest($"CN=Scenario Intermediate {i}", key);
            request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
            X509Certificate2 signed = Sign(request, issuer);
            X509Certificate2 withKey = signed.CopyWithPrivateKey(key);
            intermediates.Add(withKey);
            issuer = withKey;
        }
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest("CN=localhost", leafKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        leafRequest.CertificateExtensions.Add(san.Build());
        leafRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        leafRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        X509Certificate2 leaf = Sign(leafRequest, issuer).CopyWithPrivateKey(leafKey);
        intermediates.Reverse(); // closest to the leaf first, as TLS sends them
        return (new TlsCertificate(leaf, intermediates), root);
    }

    private static CertificateRequest CaRequest(string subject, ECDsa key)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request;
    }

    private static X509Certificate2 Sign(CertificateRequest request, X509Certificate2 issuer)
    {
        var serial = new byte[8];
        RandomNumberGenerator.Fill(serial);
        serial[0] &= 0x7f;
        using ECDsa issuerKey = issuer.GetECDsaPrivateKey()!;
        return request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerKey), NotBefore, NotAfter, serial);
    }
}
