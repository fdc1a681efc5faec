using System.Security.Cryptography;
using Org.BouncyCastle.Math.EC.Rfc7748;
using Org.BouncyCastle.Math.EC.Rfc8032;

namespace QuicKestrel.Protocol.Crypto;

/// <summary>
/// The one place that touches BouncyCastle: X25519 (RFC 7748) and Ed25519 verification
/// (RFC 8032), which .NET does not offer. Keys and shared secrets are 32 bytes.
/// </summary>
internal static class BouncyCastleCrypto
{
    public const int X25519KeyLength = 32;

    /// <summary>Creates a random private key and writes it and its public key.</summary>
    public static void X25519GenerateKeyPair(Span<byte> privateKey, Span<byte> publicKey)
    {
        var priv = new byte[X25519KeyLength];
        var pub = new byte[X25519KeyLength];
        RandomNumberGenerator.Fill(priv);
        X25519.GeneratePublicKey(priv, 0, pub, 0);
        priv.CopyTo(privateKey);
        pub.CopyTo(publicKey);
        CryptographicOperations.ZeroMemory(priv);
    }

    /// <summary>Derives the public key of a given private key (used by tests with fixed keys).</summary>
    public static void X25519PublicKey(ReadOnlySpan<byte> privateKey, Span<byte> publicKey)
    {
        var priv = privateKey.ToArray();
        var pub = new byte[X25519KeyLength];
        X25519.GeneratePublicKey(priv, 0, pub, 0);
        pub.CopyTo(publicKey);
        CryptographicOperations.ZeroMemory(priv);
    }

    /// <summary>
    /// Computes the shared secret. Returns false when the peer's key is malformed or yields
    /// the all-zero secret (RFC 8446 §7.4.2 requires aborting then).
    /// </summary>
    public static bool X25519Agree(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> peerPublicKey, Span<byte> sharedSecret)
    {
        if (privateKey.Length != X25519KeyLength || peerPublicKey.Length != X25519KeyLength || sharedSecret.Length < X25519KeyLength)
            return false;
        var priv = privateKey.ToArray();
        var peer = peerPublicKey.ToArray();
        var shared = new byte[X25519KeyLength];
        bool ok = X25519.CalculateAgreement(priv, 0, peer, 0, shared, 0);
        shared.CopyTo(sharedSecret);
        CryptographicOperations.ZeroMemory(priv);
        CryptographicOperations.ZeroMemory(shared);
        return ok;
    }

    public const int Ed25519PublicKeyLength = 32;
    public const int Ed25519SignatureLength = 64;

    /// <summary>
    /// Verifies a pure Ed25519 signature (RFC 8032 §5.1.7), used for TLS 1.3's ed25519
    /// scheme. Returns false for malformed keys or signatures instead of throwing.
    /// </summary>
    public static bool Ed25519Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != Ed25519PublicKeyLength || signature.Length != Ed25519SignatureLength)
            return false;
        var msg = message.ToArray();
        try
        {
            return Ed25519.Verify(signature.ToArray(), 0, publicKey.ToArray(), 0, msg, 0, msg.Length);
        }
        catch (Exception)
        {
            // BouncyCastle reports some malformed points by throwing; a bad key is just a failed check.
            return false;
        }
    }
}
