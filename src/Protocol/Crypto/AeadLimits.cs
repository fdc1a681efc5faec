namespace QuicKestrel.Protocol.Crypto;

/// <summary>
/// AEAD usage limits (RFC 9001 §6.6). The confidentiality limit caps packets sealed with one
/// key (a key update must happen before it is reached); the integrity limit caps packets that
/// failed authentication across all keys of a connection (reaching it closes the connection
/// with AEAD_LIMIT_REACHED). The connection counts; these are the thresholds.
/// </summary>
internal static class AeadLimits
{
    /// <summary>AEAD_AES_128_GCM and AEAD_AES_256_GCM: 2^23 packets per key.</summary>
    public const long AesGcmConfidentialityLimit = 1L << 23;

    /// <summary>AEAD_AES_128_GCM and AEAD_AES_256_GCM: 2^52 forged packets per connection.</summary>
    public const long AesGcmIntegrityLimit = 1L << 52;

    /// <summary>
    /// AEAD_CHACHA20_POLY1305 has no practical confidentiality limit: it exceeds the 2^62
    /// packet numbers a key could ever use, so nothing ever reaches this value.
    /// </summary>
    public const long ChaCha20ConfidentialityLimit = long.MaxValue;

    /// <summary>AEAD_CHACHA20_POLY1305: 2^36 forged packets per connection.</summary>
    public const long ChaCha20IntegrityLimit = 1L << 36;

    public static long ConfidentialityLimit(CipherSuite suite) =>
        suite == CipherSuite.ChaCha20Poly1305Sha256 ? ChaCha20ConfidentialityLimit : AesGcmConfidentialityLimit;

    public static long IntegrityLimit(CipherSuite suite) =>
        suite == CipherSuite.ChaCha20Poly1305Sha256 ? ChaCha20IntegrityLimit : AesGcmIntegrityLimit;
}
