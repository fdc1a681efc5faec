namespace QuicKestrel.Protocol.Wire;

/// <summary>QUIC transport error codes (RFC 9000 §20.1, RFC 9368 §6).</summary>
internal enum TransportErrorCode : ulong
{
    NoError = 0x00,
    InternalError = 0x01,
    ConnectionRefused = 0x02,
    FlowControlError = 0x03,
    StreamLimitError = 0x04,
    StreamStateError = 0x05,
    FinalSizeError = 0x06,
    FrameEncodingError = 0x07,
    TransportParameterError = 0x08,
    ConnectionIdLimitError = 0x09,
    ProtocolViolation = 0x0a,
    InvalidToken = 0x0b,
    ApplicationError = 0x0c,
    CryptoBufferExceeded = 0x0d,
    KeyUpdateError = 0x0e,
    AeadLimitReached = 0x0f,
    NoViablePath = 0x10,
    VersionNegotiationError = 0x11,

    /// <summary>CRYPTO_ERROR base: a TLS alert n is carried as 0x100 + n.</summary>
    CryptoErrorBase = 0x100,
}

/// <summary>
/// A protocol error as a value: the code, the frame type that triggered it (0 when none)
/// and a short constant reason. The packet path returns these instead of throwing.
/// </summary>
internal readonly record struct QuicError(TransportErrorCode Code, ulong FrameType, string Reason)
{
    /// <summary>No error.</summary>
    public static QuicError None => default;

    /// <summary>True when this is an error (a default value is not).</summary>
    public bool IsError => Reason is not null;

    /// <summary>A FRAME_ENCODING_ERROR caused by frame type <paramref name="frameType"/> (RFC 9000 §12.4, §19).</summary>
    public static QuicError FrameEncoding(ulong frameType, string reason) =>
        new(TransportErrorCode.FrameEncodingError, frameType, reason);

    /// <summary>A PROTOCOL_VIOLATION caused by frame type <paramref name="frameType"/> (0 when no frame is to blame).</summary>
    public static QuicError ProtocolViolation(ulong frameType, string reason) =>
        new(TransportErrorCode.ProtocolViolation, frameType, reason);

    /// <summary>A TRANSPORT_PARAMETER_ERROR (RFC 9000 §7.4, §18.2); transport parameters travel in CRYPTO frames.</summary>
    public static QuicError TransportParameter(string reason) =>
        new(TransportErrorCode.TransportParameterError, 0, reason);

    /// <summary>The CRYPTO_ERROR carrying TLS alert <paramref name="alert"/>.</summary>
    public static QuicError FromTlsAlert(byte alert, string reason) =>
        new(TransportErrorCode.CryptoErrorBase + alert, 0, reason);

    public override string ToString() => IsError ? $"{Code} (0x{(ulong)Code:x}) in frame 0x{FrameType:x}: {Reason}" : "no error";
}
