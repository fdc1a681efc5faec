namespace QuicKestrel.Protocol.Api;

/// <summary>
/// TLS 1.3 cipher suites a credential may negotiate, used with
/// <see cref="QuicCredentialFlags.SetAllowedCipherSuites"/>. MsQuic's
/// <c>QUIC_ALLOWED_CIPHER_SUITE_FLAGS</c>.
/// </summary>
[Flags]
public enum QuicAllowedCipherSuiteFlags
{
    /// <summary>No suite; not a valid restriction (<c>QUIC_ALLOWED_CIPHER_SUITE_NONE</c>).</summary>
    None = 0x0,

    /// <summary>TLS_AES_128_GCM_SHA256 (<c>QUIC_ALLOWED_CIPHER_SUITE_AES_128_GCM_SHA256</c>).</summary>
    Aes128GcmSha256 = 0x1,

    /// <summary>TLS_AES_256_GCM_SHA384 (<c>QUIC_ALLOWED_CIPHER_SUITE_AES_256_GCM_SHA384</c>).</summary>
    Aes256GcmSha384 = 0x2,

    /// <summary>TLS_CHACHA20_POLY1305_SHA256 (<c>QUIC_ALLOWED_CIPHER_SUITE_CHACHA20_POLY1305_SHA256</c>).</summary>
    ChaCha20Poly1305Sha256 = 0x4,
}
