using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Tls;

namespace QuicKestrel.Benchmarks.Tls;

/// <summary>
/// Handshake rate on one core, in memory: one operation is a complete TLS handshake, client
/// and server CPU together (key shares, signature and its verification, chain validation
/// against a custom root, key schedule, message coding). Handshakes/s = 1 s / mean.
/// Full: x25519 + the certificate's signature. Resumed: psk_dhe_ke with a ticket, no certificate.
/// </summary>
[MemoryDiagnoser]
public class TlsHandshakeBenchmarks
{
    private static readonly byte[] Alpn = "h3"u8.ToArray();
    private static readonly byte[] TransportParameters = new byte[64];

    private TlsServerConfig _server = null!;
    private TlsClientConfig _client = null!;
    private ClientSessionTicket _ticket = null!;

    [Params("ECDSA-P256", "RSA-2048")]
    public string Certificate { get; set; } = "ECDSA-P256";

    [GlobalSetup]
    public void Setup()
    {
        (X509Certificate2 root, TlsCertificate leaf) = CreatePki(Certificate == "RSA-2048");
        _server = new TlsServerConfig
        {
            Certificates = [leaf],
            Alpns = [Alpn],
            TicketKeys = SealingKeyRing.CreateRandom(RandomSource.System),
            CookieKeys = SealingKeyRing.CreateRandom(RandomSource.System),
        };
        _client = new TlsClientConfig
        {
            Alpns = [Alpn],
            EnableEarlyData = false,
            Validation = new CertificateValidationOptions
            {
                TrustMode = CertificateTrustMode.CustomRoots,
                TrustedRoots = new X509Certificate2Collection(root),
            },
        };
        _ticket = Handshake(null, issueTicket: true) ?? throw new InvalidOperationException("No ticket issued.");
    }

    [Benchmark]
    public void FullHandshake() => Handshake(null, issueTicket: false);

    [Benchmark]
    public void ResumedHandshake() => Handshake(_ticket, issueTicket: false);

    private ClientSessionTicket? Handshake(ClientSessionTicket? ticket, bool issueTicket)
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;
        var toServer = new Mailbox();
        var toClient = new Mailbox();
        using var client = new TlsClient(_client, "localhost", TransportParameters, ticket, toServer, RandomSource.System);
        using var server = new TlsServer(toClient, RandomSource.System);
        server.SetConfiguration(_server, TransportParameters, now);
        toClient.Server = server;
        client.Start(now);
        for (int round = 0; round < 8 && !(client.IsHandshakeComplete && server.IsHandshakeComplete); round++)
        {
            toServer.DeliverTo(server, now);
            toClient.DeliverTo(client, now);
        }
        if (!client.IsHandshakeComplete || !server.IsHandshakeComplete || client.Error.IsError || server.Error.IsError)
            throw new InvalidOperationException($"Handshake failed: {client.Error} / {server.Error}");
        if (!issueTicket)
            return null;
        server.SendSessionTicket([], now);
        toClient.DeliverTo(client, now);
        return client.LastSessionTicket;
    }

    /// <summary>A minimal connection stand-in: queues CRYPTO bytes for the peer, accepts resumption.</summary>
    private sealed class Mailbox : ITlsHandler
    {
        private readonly List<(EncryptionLevel Level, byte[] Data)> _queue = new();

        public TlsServer? Server { get; set; }

        public void OnHandshakeData(EncryptionLevel level, ReadOnlySpan<byte> data) => _queue.Add((level, data.ToArray()));

        public void OnSecret(EncryptionLevel level, bool isWrite, CipherSuite suite, ReadOnlySpan<byte> secret)
        {
        }

        public void OnEvent(TlsEvent tlsEvent)
        {
            if (tlsEvent == TlsEvent.ResumptionRequested)
                Server!.CompleteResumption(true, false, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000);
        }

        public void DeliverTo(TlsSession session, long now)
        {
            foreach (var (level, data) in _queue)
                session.HandleCryptoData(level, data, now);
            _queue.Clear();
        }
    }

    private static (X509Certificate2 Root, TlsCertificate Leaf) CreatePki(bool rsa)
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootRequest = new CertificateRequest("CN=Bench Root", rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        X509Certificate2 root = rootRequest.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));

        AsymmetricAlgorithm key = rsa ? RSA.Create(2048) : ECDsa.Create(ECCurve.NamedCurves.nistP256);
        CertificateRequest request = rsa
            ? new CertificateRequest("CN=localhost", (RSA)key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : new CertificateRequest("CN=localhost", (ECDsa)key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using X509Certificate2 unsigned = request.Create(root.SubjectName, X509SignatureGenerator.CreateForECDsa(rootKey),
            now.AddDays(-1), now.AddDays(30), [1, 2, 3, 4]);
        X509Certificate2 leaf = rsa ? unsigned.CopyWithPrivateKey((RSA)key) : unsigned.CopyWithPrivateKey((ECDsa)key);
        return (root, new TlsCertificate(leaf));
    }
}
