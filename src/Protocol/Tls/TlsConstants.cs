namespace QuicKestrel.Protocol.Tls;

/// <summary>Handshake message types (RFC 8446 §4).</summary>
internal enum HandshakeType : byte
{
    ClientHello = 1,
    ServerHello = 2,
    NewSessionTicket = 4,
    EndOfEarlyData = 5,
    EncryptedExtensions = 8,
    Certificate = 11,
    CertificateRequest = 13,
    CertificateVerify = 15,
    Finished = 20,
    KeyUpdate = 24,
    MessageHash = 254,
}

/// <summary>Extension code points this stack understands (RFC 8446 §4.2, RFC 9001 §8.2).</summary>
internal enum ExtensionType : ushort
{
    ServerName = 0,
    SupportedGroups = 10,
    SignatureAlgorithms = 13,
    Alpn = 16,
    PreSharedKey = 41,
    EarlyData = 42,
    SupportedVersions = 43,
    Cookie = 44,
    PskKeyExchangeModes = 45,
    CertificateAuthorities = 47,
    SignatureAlgorithmsCert = 50,
    KeyShare = 51,
    QuicTransportParameters = 0x39,
}

/// <summary>Key-exchange groups (RFC 8446 §4.2.7). Unknown values (GREASE, ML-KEM hybrids) are skipped.</summary>
internal enum NamedGroup : ushort
{
    None = 0,
    Secp256r1 = 0x0017,
    Secp384r1 = 0x0018,
    X25519 = 0x001d,
}

/// <summary>Signature schemes (RFC 8446 §4.2.3) this stack signs or verifies with.</summary>
internal enum SignatureScheme : ushort
{
    None = 0,
    EcdsaSecp256r1Sha256 = 0x0403,
    EcdsaSecp384r1Sha384 = 0x0503,
    RsaPssRsaeSha256 = 0x0804,
    RsaPssRsaeSha384 = 0x0805,
    RsaPssRsaeSha512 = 0x0806,
    Ed25519 = 0x0807,
}

/// <summary>MsQuic's QUIC_ALLOWED_CIPHER_SUITE_FLAGS: which TLS 1.3 suites a configuration permits.</summary>
[Flags]
internal enum AllowedCipherSuites : uint
{
    None = 0,
    Aes128GcmSha256 = 1,
    Aes256GcmSha384 = 2,
    ChaCha20Poly1305Sha256 = 4,
    All = 7,
}

/// <summary>Whether and how a server asks for a client certificate.</summary>
internal enum ClientAuthMode
{
    None,
    Request,
    Require,
}

/// <summary>What became of a 0-RTT attempt.</summary>
internal enum EarlyDataStatus
{
    NotAttempted,
    Accepted,
    Rejected,
}

internal static class TlsConstants
{
    public const ushort LegacyVersion = 0x0303;
    public const ushort Tls13 = 0x0304;
    public const int RandomLength = 32;

    /// <summary>RFC 9001 §4.6.1: a QUIC ticket that allows 0-RTT carries this max_early_data_size.</summary>
    public const uint QuicMaxEarlyDataSize = 0xffffffff;

    /// <summary>RFC 8446 §4.6.1: tickets live at most seven days.</summary>
    public const long MaxTicketLifetimeSeconds = 7 * 24 * 3600;

    /// <summary>MsQuic caps resumption app data at 1000 bytes.</summary>
    public const int MaxTicketAppDataLength = 1000;

    /// <summary>psk_dhe_ke (RFC 8446 §4.2.9); psk_ke is never used.</summary>
    public const byte PskDheKe = 1;

    /// <summary>The SHA-256 of "HelloRetryRequest", the fixed random of an HRR (RFC 8446 §4.1.3).</summary>
    public static ReadOnlySpan<byte> HelloRetryRequestRandom =>
    [
        0xCF, 0x21, 0xAD, 0x74, 0xE5, 0x9A, 0x61, 0x11, 0xBE, 0x1D, 0x8C, 0x02, 0x1E, 0x65, 0xB8, 0x91,
        0xC2, 0xA2, 0x11, 0x16, 0x7A, 0xBB, 0x8C, 0x5E, 0x07, 0x9E, 0x09, 0xE2, 0xC8, 0xA8, 0x33, 0x9C,
    ];

    public static AllowedCipherSuites FlagOf(Crypto.CipherSuite suite) => suite switch
    {
        Crypto.CipherSuite.Aes128GcmSha256 => AllowedCipherSuites.Aes128GcmSha256,
        Crypto.CipherSuite.Aes256GcmSha384 => AllowedCipherSuites.Aes256GcmSha384,
        _ => AllowedCipherSuites.ChaCha20Poly1305Sha256,
    };
}
