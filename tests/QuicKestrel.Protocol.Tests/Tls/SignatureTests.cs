using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using QuicKestrel.Protocol.Tls;

namespace QuicKestrel.Protocol.Tests.Tls;

public class SignatureTests
{
    private static readonly byte[] Content = Signatures.SignedContent(true, new byte[32]);

    [Theory]
    [InlineData(SignatureScheme.RsaPssRsaeSha256)]
    [InlineData(SignatureScheme.RsaPssRsaeSha384)]
    [InlineData(SignatureScheme.RsaPssRsaeSha512)]
    internal void RsaPssSignsAndVerifies(SignatureScheme scheme)
    {
        TlsCertificate rsa = TestCertificates.Rsa2048;
        byte[] signature;
        using (var lease = rsa.RentKey())
            signature = Signatures.Sign(lease.Key, scheme, Content);
        Assert.False(Signatures.Verify(rsa.Certificate, scheme, Content, signature).IsError);
        signature[10] ^= 1;
        Assert.Equal(TlsAlert.DecryptError, Signatures.Verify(rsa.Certificate, scheme, Content, signature).Alert);
    }

    [Fact]
    public void SchemeMustMatchTheKey()
    {
        TlsCertificate ecdsa = TestCertificates.EcdsaP256;
        byte[] signature;
        using (var lease = ecdsa.RentKey())
            signature = Signatures.Sign(lease.Key, SignatureScheme.EcdsaSecp256r1Sha256, Content);
        Assert.False(Signatures.Verify(ecdsa.Certificate, SignatureScheme.EcdsaSecp256r1Sha256, Content, signature).IsError);
        Assert.Equal(TlsAlert.IllegalParameter, Signatures.Verify(ecdsa.Certificate, SignatureScheme.EcdsaSecp384r1Sha384, Content, signature).Alert);
        Assert.Equal(TlsAlert.IllegalParameter, Signatures.Verify(ecdsa.Certificate, SignatureScheme.RsaPssRsaeSha256, Content, signature).Alert);
        Assert.Equal(TlsAlert.IllegalParameter, Signatures.Verify(ecdsa.Certificate, (SignatureScheme)0x0401, Content, signature).Alert);
        Assert.Equal(TlsAlert.DecryptError, Signatures.Verify(ecdsa.Certificate, SignatureScheme.EcdsaSecp256r1Sha256, Content, [0x30, 0x02, 0x01]).Alert);
    }

    [Fact]
    public void ChoosesTheSchemeTheClientOffers()
    {
        Assert.Equal(SignatureScheme.EcdsaSecp256r1Sha256,
            Signatures.ChooseForKey(TestCertificates.EcdsaP256.Certificate, [0x0804, 0x0403]));
        Assert.Equal(SignatureScheme.None, Signatures.ChooseForKey(TestCertificates.EcdsaP256.Certificate, [0x0503, 0x0804]));
        Assert.Equal(SignatureScheme.RsaPssRsaeSha384, Signatures.ChooseForKey(TestCertificates.Rsa2048.Certificate, [0x0805, 0x0401]));
        Assert.Equal(SignatureScheme.None, Signatures.ChooseForKey(TestCertificates.Rsa2048.Certificate, [0x0401, 0x0403]));
    }

    [Fact]
    public void Ed25519CertificateVerifyIsChecked()
    {
        // .NET cannot make Ed25519 keys; BouncyCastle (already a dependency) signs for a custom generator.
        var generator = new Ed25519KeyPairGenerator();
        generator.Init(new Ed25519KeyGenerationParameters(new SecureRandom()));
        var keys = generator.GenerateKeyPair();
        var ed25519 = new Ed25519Generator((Ed25519PrivateKeyParameters)keys.Private);
        var request = new CertificateRequest(new X500DistinguishedName("CN=ed25519"), ed25519.PublicKey, HashAlgorithmName.SHA256);
        using X509Certificate2 certificate = request.Create(new X500DistinguishedName("CN=ed25519"), ed25519,
            DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1), [1]);
        Assert.Equal(Signatures.Ed25519Oid, certificate.PublicKey.Oid.Value);

        byte[] signature = ed25519.SignData(Content, HashAlgorithmName.SHA256);
        Assert.False(Signatures.Verify(certificate, SignatureScheme.Ed25519, Content, signature).IsError);
        signature[0] ^= 1;
        Assert.Equal(TlsAlert.DecryptError, Signatures.Verify(certificate, SignatureScheme.Ed25519, Content, signature).Alert);
        Assert.Equal(TlsAlert.IllegalParameter, Signatures.Verify(certificate, SignatureScheme.EcdsaSecp256r1Sha256, Content, signature).Alert);
    }

    private sealed class Ed25519Generator(Ed25519PrivateKeyParameters key) : X509SignatureGenerator
    {
        // SubjectPublicKeyInfo { AlgorithmIdentifier { id-Ed25519 }, BIT STRING key } (RFC 8410 §4).
        public new PublicKey PublicKey => System.Security.Cryptography.X509Certificates.PublicKey.CreateFromSubjectPublicKeyInfo(
            [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00, .. key.GeneratePublicKey().GetEncoded()], out _);

        public override byte[] GetSignatureAlgorithmIdentifier(HashAlgorithmName hashAlgorithm) => [0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70];

        public override byte[] SignData(byte[] data, HashAlgorithmName hashAlgorithm)
        {
            var signer = new Org.BouncyCastle.Crypto.Signers.Ed25519Signer();
            signer.Init(true, key);
            signer.BlockUpdate(data, 0, data.Length);
            return signer.GenerateSignature();
        }

        protected override PublicKey BuildPublicKey() => PublicKey;
    }

    [Fact]
    public void NewSessionTicketMustAllowUnlimitedEarlyData()
    {
        // RFC 9001 §4.6.1: any max_early_data_size but 0xffffffff is PROTOCOL_VIOLATION.
        byte[] nst = [4, 0, 0, 23, 0, 0, 0, 60, 0, 0, 0, 1, 0, 0, 1, 9, 0, 8, 0, 42, 0, 4, 0, 0, 0x40, 0];
        TlsError error = NewSessionTicketMessage.TryParse(nst, out _);
        Assert.Equal(TlsError.ProtocolViolation, error.QuicErrorCode);
        nst[^2] = 0xff;
        nst[^1] = 0xff;
        nst[^3] = 0xff;
        nst[^4] = 0xff;
        Assert.False(NewSessionTicketMessage.TryParse(nst, out var ok).IsError);
        Assert.Equal(0xffffffffu, ok.MaxEarlyDataSize);
    }

    [Fact]
    public void ServerWithoutTransportParametersIsMissingExtension()
    {
        using var pair = new TlsPair(TlsPair.ClientConfig(), TlsPair.ServerConfig());
        // Replace EncryptedExtensions by one that carries ALPN only.
        byte[] alpnOnly = [8, 0, 0, 11, 0, 9, 0, 16, 0, 5, 0, 3, 2, (byte)'h', (byte)'3'];
        pair.Filter = (toServer, level, data) =>
            !toServer && data[0] == (byte)HandshakeType.EncryptedExtensions ? [(level, alpnOnly)] : [(level, data)];
        pair.Run();
        Assert.Equal(TlsAlert.MissingExtension, pair.Client.Error.Alert);
    }
}
