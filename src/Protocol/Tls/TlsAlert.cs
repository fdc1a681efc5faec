namespace QuicKestrel.Protocol.Tls;

/// <summary>TLS alert descriptions (RFC 8446 §6, RFC 7301 §3.2). QUIC carries alert n as CRYPTO_ERROR 0x100 + n.</summary>
internal enum TlsAlert : byte
{
    CloseNotify = 0,
    UnexpectedMessage = 10,
    BadRecordMac = 20,
    RecordOverflow = 22,
    HandshakeFailure = 40,
    BadCertificate = 42,
    UnsupportedCertificate = 43,
    CertificateRevoked = 44,
    CertificateExpired = 45,
    CertificateUnknown = 46,
    IllegalParameter = 47,
    UnknownCa = 48,
    AccessDenied = 49,
    DecodeError = 50,
    DecryptError = 51,
    ProtocolVersion = 70,
    InsufficientSecurity = 71,
    InternalError = 80,
    InappropriateFallback = 86,
    UserCanceled = 90,
    MissingExtension = 109,
    UnsupportedExtension = 110,
    UnrecognizedName = 112,
    BadCertificateStatusResponse = 113,
    UnknownPskIdentity = 115,
    CertificateRequired = 116,
    NoApplicationProtocol = 120,
}

/// <summary>
/// A TLS failure as a value: the alert to send and a short constant reason. The default value
/// means "no error". The connection closes with CRYPTO_ERROR 0x100 + <see cref="Alert"/>, except
/// for the few QUIC-defined failures (a non-zero <see cref="TransportError"/>: CRYPTO_BUFFER_EXCEEDED
/// 0x0d, RFC 9000 §7.5; PROTOCOL_VIOLATION 0x0a, RFC 9001 §4.6.1 and §8.3).
/// </summary>
internal readonly record struct TlsError(TlsAlert Alert, string? Reason, ulong TransportError = 0)
{
    public const ulong ProtocolViolation = 0x0a;
    public const ulong CryptoBufferExceeded = 0x0d;

    public static TlsError None => default;

    public bool IsError => Reason is not null;

    /// <summary>The QUIC transport error code carrying this alert (RFC 9001 §4.8).</summary>
    public ulong QuicErrorCode => TransportError != 0 ? TransportError : 0x100ul + (byte)Alert;

    public override string ToString() => IsError ? $"TLS alert {Alert} ({(byte)Alert}): {Reason}" : "no error";
}
