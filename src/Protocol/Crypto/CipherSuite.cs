using System.Security.Cryptography;

namespace QuicKestrel.Protocol.Crypto;

/// <summary>The TLS 1.3 cipher suites QUIC uses (RFC 8446 §B.4), by their TLS code points.</summary>
internal enum CipherSuite : ushort
{
    Aes128GcmSha256 = 0x1301,
    Aes256GcmSha384 = 0x1302,
    ChaCha20Poly1305Sha256 = 0x1303,
}

/// <summary>Key, IV and hash sizes of each <see cref="CipherSuite"/>.</summary>
internal static class CipherSuiteInfo
{
    /// <summary>The AEAD nonce/IV length, the same for every suite.</summary>
    public const int IvLength = 12;

    /// <summary>The AEAD tag length, the same for every suite.</summary>
    public const int TagLength = 16;

    /// <summary>The header-protection sample length (RFC 9001 §5.4.2).</summary>
    public const int SampleLength = 16;

    /// <summary>Largest hash output of any suite (SHA-384).</summary>
    public const int MaxHashLength = 48;

    public static bool IsKnown(ushort codePoint) =>
        codePoint is (ushort)CipherSuite.Aes128GcmSha256 or (ushort)CipherSuite.Aes256GcmSha384 or (ushort)CipherSuite.ChaCha20Poly1305Sha256;

    public static int KeyLength(CipherSuite suite) => suite == CipherSuite.Aes128GcmSha256 ? 16 : 32;

    public static HashAlgorithmName Hash(CipherSuite suite) =>
        suite == CipherSuite.Aes256GcmSha384 ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA256;

    public static int HashLength(CipherSuite suite) => suite == CipherSuite.Aes256GcmSha384 ? 48 : 32;
}
