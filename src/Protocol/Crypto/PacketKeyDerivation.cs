using System.Security.Cryptography;

namespace QuicKestrel.Protocol.Crypto;

/// <summary>
/// Derives packet-protection material from a traffic secret (RFC 9001 §5.1, §5.4, §6.1) with the
/// labels of the QUIC version: AEAD key and IV, header-protection key, next-generation secret.
/// </summary>
internal static class PacketKeyDerivation
{
    /// <summary>Writes key and header-protection key (the suite's key length each) and the 12-byte IV.</summary>
    public static void DeriveKeys(CipherSuite suite, ReadOnlySpan<byte> secret, uint version,
        Span<byte> key, Span<byte> iv, Span<byte> headerProtectionKey)
    {
        HashAlgorithmName hash = CipherSuiteInfo.Hash(suite);
        int keyLength = CipherSuiteInfo.KeyLength(suite);
        HkdfLabel.Expand(hash, secret, PacketProtectionLabels.Key(version), default, key[..keyLength]);
        HkdfLabel.Expand(hash, secret, PacketProtectionLabels.Iv(version), default, iv[..CipherSuiteInfo.IvLength]);
        HkdfLabel.Expand(hash, secret, PacketProtectionLabels.HeaderProtection(version), default, headerProtectionKey[..keyLength]);
    }

    /// <summary>The secret of the next key phase: HKDF-Expand-Label(secret, "quic ku" / "quicv2 ku", "", hash length).</summary>
    public static void DeriveNextSecret(CipherSuite suite, ReadOnlySpan<byte> secret, uint version, Span<byte> nextSecret) =>
        HkdfLabel.Expand(CipherSuiteInfo.Hash(suite), secret, PacketProtectionLabels.KeyUpdate(version), default,
            nextSecret[..CipherSuiteInfo.HashLength(suite)]);
}
