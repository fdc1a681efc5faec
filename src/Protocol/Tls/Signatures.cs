using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using QuicKestrel.Protocol.Crypto;

namespace QuicKestrel.Protocol.Tls;

/// <summary>
/// CertificateVerify signatures (RFC 8446 §4.4.3): which scheme a key can use, the signed
/// content, signing with our private key and verifying the peer's signature.
/// </summary>
internal static class Signatures
{
    public const string Ed25519Oid = "1.3.101.112";
    private const string EcPublicKeyOid = "1.2.840.10045.2.1";
    private const string RsaOid = "1.2.840.113549.1.1.1";

    /// <summary>The schemes we offer to verify, in preference order.</summary>
    public static ReadOnlySpan<ushort> Verifiable =>
    [
        (ushort)SignatureScheme.EcdsaSecp256r1Sha256, (ushort)SignatureScheme.RsaPssRsaeSha256,
        (ushort)SignatureScheme.EcdsaSecp384r1Sha384, (ushort)SignatureScheme.RsaPssRsaeSha384,
        (ushort)SignatureScheme.RsaPssRsaeSha512, (ushort)SignatureScheme.Ed25519,
    ];

    private static ReadOnlySpan<byte> ServerContext => "TLS 1.3, server CertificateVerify"u8;
    private static ReadOnlySpan<byte> ClientContext => "TLS 1.3, client CertificateVerify"u8;

    /// <summary>Picks the scheme our certificate's key signs with among the peer's offered schemes.</summary>
    public static SignatureScheme ChooseForKey(X509Certificate2 certificate, ReadOnlySpan<ushort> peerSchemes)
    {
        string oid = certificate.PublicKey.Oid.Value ?? "";
        if (oid == EcPublicKeyOid)
        {
            using ECDsa? ec = certificate.GetECDsaPublicKey();
            int bits = ec?.KeySize ?? 0;
            var scheme = bits == 256 ? SignatureScheme.EcdsaSecp256r1Sha256 : bits == 384 ? SignatureScheme.EcdsaSecp384r1Sha384 : SignatureScheme.None;
            return scheme != SignatureScheme.None && peerSchemes.Contains((ushort)scheme) ? scheme : SignatureScheme.None;
        }
        if (oid == RsaOid)
        {
            foreach (var scheme in (ReadOnlySpan<SignatureScheme>)[SignatureScheme.RsaPssRsaeSha256, SignatureScheme.RsaPssRsaeSha384, SignatureScheme.RsaPssRsaeSha512])
                if (peerSchemes.Contains((ushort)scheme))
                    return scheme;
        }
        return SignatureScheme.None;
    }

    /// <summary>Writes the content covered by CertificateVerify: 64 spaces, context, 0, transcript hash.</summary>
    public static byte[] SignedContent(bool server, ReadOnlySpan<byte> transcriptHash)
    {
        ReadOnlySpan<byte> context = server ? ServerContext : ClientContext;
        var content = new byte[64 + context.Length + 1 + transcriptHash.Length];
        content.AsSpan(0, 64).Fill(0x20);
        context.CopyTo(content.AsSpan(64));
        transcriptHash.CopyTo(content.AsSpan(64 + context.Length + 1));
        return content;
    }

    /// <summary>Signs with a private key of our certificate (a local operation: it does not see peer data).</summary>
    public static byte[] Sign(AsymmetricAlgorithm key, SignatureScheme scheme, byte[] content)
    {
        HashAlgorithmName hash = HashOf(scheme);
        return key is ECDsa ec
            ? ec.SignData(content, hash, DSASignatureFormat.Rfc3279DerSequence)
            : ((RSA)key).SignData(content, hash, RSASignaturePadding.Pss);
    }

    /// <summary>
    /// Verifies the peer's CertificateVerify. The scheme must be one we offered and must match
    /// the certificate's key type (illegal_parameter); a wrong signature is decrypt_error.
    /// </summary>
    public static TlsError Verify(X509Certificate2 peer, SignatureScheme scheme, byte[] content, ReadOnlySpan<byte> signature)
    {
        if (!Verifiable.Contains((ushort)scheme))
            return new TlsError(TlsAlert.IllegalParameter, "signature scheme was not offered");
        try
        {
            bool? ok = VerifyWithKey(peer, scheme, content, signature);
            if (ok is null)
                return new TlsError(TlsAlert.IllegalParameter, "signature scheme does not match the certificate key");
            return ok.Value ? TlsError.None : new TlsError(TlsAlert.DecryptError, "CertificateVerify signature is invalid");
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or FormatException)
        {
            return new TlsError(TlsAlert.BadCertificate, "certificate public key cannot be used");
        }
    }

    private static bool? VerifyWithKey(X509Certificate2 peer, SignatureScheme scheme, byte[] content, ReadOnlySpan<byte> signature)
    {
        string oid = peer.PublicKey.Oid.Value ?? "";
        switch (scheme)
        {
            case SignatureScheme.EcdsaSecp256r1Sha256 or SignatureScheme.EcdsaSecp384r1Sha384:
                if (oid != EcPublicKeyOid)
                    return null;
                using (ECDsa? ec = peer.GetECDsaPublicKey())
                {
                    if (ec is null || ec.KeySize != (scheme == SignatureScheme.EcdsaSecp256r1Sha256 ? 256 : 384))
                        return null;
                    return ec.VerifyData(content, signature, HashOf(scheme), DSASignatureFormat.Rfc3279DerSequence);
                }
            case SignatureScheme.Ed25519:
                if (oid != Ed25519Oid)
                    return null;
                return BouncyCastleCrypto.Ed25519Verify(peer.PublicKey.EncodedKeyValue.RawData, content, signature);
            default:
                if (oid != RsaOid)
                    return null;
                using (RSA? rsa = peer.GetRSAPublicKey())
                    return rsa is not null && rsa.VerifyData(content, signature, HashOf(scheme), RSASignaturePadding.Pss);
        }
    }

    private static HashAlgorithmName HashOf(SignatureScheme scheme) => scheme switch
    {
        SignatureScheme.EcdsaSecp384r1Sha384 or SignatureScheme.RsaPssRsaeSha384 => HashAlgorithmName.SHA384,
        SignatureScheme.RsaPssRsaeSha512 => HashAlgorithmName.SHA512,
        _ => HashAlgorithmName.SHA256,
    };
}
