namespace QuicKestrel.Protocol.Api;

/// <summary>The TLS version of a handshake (<see cref="QuicHandshakeInfo.TlsProtocolVersion"/>). MsQuic's <c>QUIC_TLS_PROTOCOL_VERSION</c>.</summary>
public enum QuicTlsProtocolVersion
{
    /// <summary>Not known yet (<c>QUIC_TLS_PROTOCOL_UNKNOWN</c>).</summary>
    Unknown = 0,

    /// <summary>TLS 1.3, the only version QUIC uses (<c>QUIC_TLS_PROTOCOL_1_3</c>).</summary>
    Tls13 = 0x3000,
}

/// <summary>The bulk cipher of a handshake (<see cref="QuicHandshakeInfo.CipherAlgorithm"/>). MsQuic's <c>QUIC_CIPHER_ALGORITHM</c>.</summary>
public enum QuicCipherAlgorithm
{
    /// <summary>None or not known yet (<c>QUIC_CIPHER_ALGORITHM_NONE</c>).</summary>
    None = 0,

    /// <summary>AES with a 128-bit key (<c>QUIC_CIPHER_ALGORITHM_AES_128</c>).</summary>
    Aes128 = 0x660E,

    /// <summary>AES with a 256-bit key (<c>QUIC_CIPHER_ALGORITHM_AES_256</c>).</summary>
    Aes256 = 0x6610,

    /// <summary>ChaCha20 (<c>QUIC_CIPHER_ALGORITHM_CHACHA20</c>).</summary>
    ChaCha20 = 0x6612,
}

/// <summary>The hash of a handshake's cipher suite (<see cref="QuicHandshakeInfo.Hash"/>). MsQuic's <c>QUIC_HASH_ALGORITHM</c>.</summary>
public enum QuicHashAlgorithm
{
    /// <summary>None or not known yet (<c>QUIC_HASH_ALGORITHM_NONE</c>).</summary>
    None = 0,

    /// <summary>SHA-256 (<c>QUIC_HASH_ALGORITHM_SHA_256</c>).</summary>
    Sha256 = 0x800C,

    /// <summary>SHA-384 (<c>QUIC_HASH_ALGORITHM_SHA_384</c>).</summary>
    Sha384 = 0x800D,
}

/// <summary>
/// The key exchange of a handshake (<see cref="QuicHandshakeInfo.KeyExchangeAlgorithm"/>). MsQuic's
/// <c>QUIC_KEY_EXCHANGE_ALGORITHM</c>, which defines no algorithm; the group actually used is
/// <see cref="QuicHandshakeInfo.TlsGroup"/>.
/// </summary>
public enum QuicKeyExchangeAlgorithm
{
    /// <summary>Not reported (<c>QUIC_KEY_EXCHANGE_ALGORITHM_NONE</c>).</summary>
    None = 0,
}

/// <summary>The TLS 1.3 cipher suite of a handshake (<see cref="QuicHandshakeInfo.CipherSuite"/>). MsQuic's <c>QUIC_CIPHER_SUITE</c> (IANA values).</summary>
public enum QuicCipherSuite
{
    /// <summary>TLS_AES_128_GCM_SHA256 (<c>QUIC_CIPHER_SUITE_TLS_AES_128_GCM_SHA256</c>).</summary>
    TlsAes128GcmSha256 = 0x1301,

    /// <summary>TLS_AES_256_GCM_SHA384 (<c>QUIC_CIPHER_SUITE_TLS_AES_256_GCM_SHA384</c>).</summary>
    TlsAes256GcmSha384 = 0x1302,

    /// <summary>TLS_CHACHA20_POLY1305_SHA256 (<c>QUIC_CIPHER_SUITE_TLS_CHACHA20_POLY1305_SHA256</c>).</summary>
    TlsChaCha20Poly1305Sha256 = 0x1303,
}

/// <summary>The key-exchange group of a handshake (<see cref="QuicHandshakeInfo.TlsGroup"/>). MsQuic's <c>QUIC_TLS_GROUP</c> (IANA TLS supported-group values).</summary>
public enum QuicTlsGroup
{
    /// <summary>Not known (<c>QUIC_TLS_GROUP_UNKNOWN</c>).</summary>
    Unknown = 0,

    /// <summary>secp256r1 (NIST P-256) (<c>QUIC_TLS_GROUP_SECP256R1</c>).</summary>
    Secp256r1 = 23,

    /// <summary>secp384r1 (NIST P-384) (<c>QUIC_TLS_GROUP_SECP384R1</c>).</summary>
    Secp384r1 = 24,

    /// <summary>x25519 (<c>QUIC_TLS_GROUP_X25519</c>).</summary>
    X25519 = 29,

    /// <summary>ML-KEM-512 (<c>QUIC_TLS_GROUP_MLKEM512</c>).</summary>
    MlKem512 = 512,

    /// <summary>ML-KEM-768 (<c>QUIC_TLS_GROUP_MLKEM768</c>).</summary>
    MlKem768 = 513,

    /// <summary>ML-KEM-1024 (<c>QUIC_TLS_GROUP_MLKEM1024</c>).</summary>
    MlKem1024 = 514,

    /// <summary>The hybrid SecP256r1MLKEM768 (<c>QUIC_TLS_GROUP_SECP256R1MLKEM768</c>).</summary>
    Secp256r1MlKem768 = 4587,

    /// <summary>The hybrid X25519MLKEM768 (<c>QUIC_TLS_GROUP_X25519MLKEM768</c>).</summary>
    X25519MlKem768 = 4588,

    /// <summary>The hybrid SecP384r1MLKEM1024 (<c>QUIC_TLS_GROUP_SECP384R1MLKEM1024</c>).</summary>
    Secp384r1MlKem1024 = 4589,
}
