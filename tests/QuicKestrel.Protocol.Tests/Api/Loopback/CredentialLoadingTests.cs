using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Protocol.Tests.Api.Loopback;

/// <summary>ConfigurationLoadCredential with every certificate source, and its failure statuses.</summary>
public sealed class CredentialLoadingTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("quickestrel-credentials-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string text)
    {
        string path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static string CertificatePem(params X509Certificate2[] certificates) =>
        string.Concat(certificates.Select(c => c.ExportCertificatePem() + "\n"));

    private static QuicStatus ConnectWith(QuicCredentialConfig serverCredential, QuicCredentialConfig? clientCredential = null)
    {
        using Loopback loopback = Loopback.Create(clientCredential: clientCredential);
        QuicStatus status = loopback.Api.ConfigurationLoadCredential(loopback.ServerConfiguration, serverCredential);
        if (status.Failed())
            return status;
        ConnectionPeer client = loopback.OpenClient();
        loopback.StartClient(client, host: "localhost");
        client.Events.WaitFor(e => e.Type is QuicConnectionEventType.Connected or QuicConnectionEventType.ShutdownComplete, "connected or failed");
        return client.Has(QuicConnectionEventType.Connected) ? QuicStatus.Success : QuicStatus.HandshakeFailure;
    }

    private static QuicCredentialConfig TrustRoot() => new()
    {
        Flags = QuicCredentialFlags.Client,
        CaCertificates = new X509Certificate2Collection(TestCertificates.Root),
    };

    [Fact]
    public void PEM_certificate_and_key_files_serve_a_handshake_and_a_CA_file_validates_it()
    {
        string certificate = Write("leaf.pem", CertificatePem(TestCertificates.Leaf));
        string key = Write("leaf.key", TestCertificates.Leaf.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        string ca = Write("ca.pem", CertificatePem(TestCertificates.Root));
        var client = new QuicCredentialConfig { Flags = QuicCredentialFlags.Client | QuicCredentialFlags.SetCaCertificateFile, CaCertificateFile = ca };
        Assert.Equal(QuicStatus.Success, ConnectWith(new QuicCredentialConfig
        {
            Type = QuicCredentialType.CertificateFile,
            CertificateFile = new QuicCertificateFile { CertificateFile = certificate, PrivateKeyFile = key },
        }, client));
    }

    [Fact]
    public void An_encrypted_PEM_key_with_its_password_serves_a_handshake()
    {
        string certificate = Write("leaf.pem", CertificatePem(TestCertificates.Leaf));
        var pbe = new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 10_000);
        string key = Write("leaf.key", TestCertificates.Leaf.GetECDsaPrivateKey()!.ExportEncryptedPkcs8PrivateKeyPem("secret", pbe));
        Assert.Equal(QuicStatus.Success, ConnectWith(new QuicCredentialConfig
        {
            Type = QuicCredentialType.CertificateFileProtected,
            CertificateFileProtected = new QuicCertificateFileProtected { CertificateFile = certificate, PrivateKeyFile = key, PrivateKeyPassword = "secret" },
        }, TrustRoot()));
    }

    [Fact]
    public void PKCS12_bytes_with_a_password_serve_a_handshake()
    {
        byte[] pfx = TestCertificates.Leaf.Export(X509ContentType.Pkcs12, "pfx-password");
        Assert.Equal(QuicStatus.Success, ConnectWith(new QuicCredentialConfig
        {
            Type = QuicCredentialType.CertificatePkcs12,
            CertificatePkcs12 = new QuicCertificatePkcs12 { Asn1Blob = pfx, PrivateKeyPassword = "pfx-password" },
        }, TrustRoot()));
    }

    [Fact]
    public void Missing_files_are_NOT_FOUND_and_unreadable_material_is_TLS_ERROR()
    {
        using Loopback loopback = Loopback.Create(listen: false);
        QuicStatus Load(QuicCredentialConfig config) => loopback.Api.ConfigurationLoadCredential(loopback.ServerConfiguration, config);
        Assert.Equal(QuicStatus.NotFound, Load(new QuicCredentialConfig
        {
            Type = QuicCredentialType.CertificateFile,
            CertificateFile = new QuicCertificateFile { CertificateFile = Path.Combine(_directory, "none.pem"), PrivateKeyFile = Path.Combine(_directory, "none.key") },
        }));
        string garbage = Write("garbage.pem", "not a certificate");
        Assert.Equal(QuicStatus.TlsError, Load(new QuicCredentialConfig
        {
            Type = QuicCredentialType.CertificateFile,
            CertificateFile = new QuicCertificateFile { CertificateFile = garbage, PrivateKeyFile = garbage },
        }));
        Assert.Equal(QuicStatus.TlsError, Load(new QuicCredentialConfig
        {
            Type = QuicCredentialType.CertificatePkcs12,
            CertificatePkcs12 = new QuicCertificatePkcs12 { Asn1Blob = TestCertificates.Leaf.Export(X509ContentType.Pkcs12, "right"), PrivateKeyPassword = "wrong" },
        }));
    }

    [Fact]
    public void LOAD_ASYNCHRONOUS_returns_PENDING_and_reports_through_the_handler()
    {
        using Loopback loopback = Loopback.Create(listen: false);
        var done = new EventLog<QuicStatus>();
        object? seenContext = null;
        loopback.Api.SetContext(loopback.ServerConfiguration, "config context");
        QuicStatus status = loopback.Api.ConfigurationLoadCredential(loopback.ServerConfiguration, new QuicCredentialConfig
        {
            Type = QuicCredentialType.CertificateContext,
            CertificateContext = TestCertificates.SelfSigned,
            Flags = QuicCredentialFlags.LoadAsynchronous,
            AsyncHandler = (QuicHandle _, object? context, QuicStatus result) =>
            {
                seenContext = context;
                done.Add(result);
            },
        });
        Assert.Equal(QuicStatus.Pending, status);
        Assert.Equal(QuicStatus.Success, done.WaitFor(_ => true, "the load"));
        Assert.Equal("config context", seenContext);
    }
}
