namespace QuicKestrel.Http3;

/// <summary>
/// HTTP/3 application error codes (RFC 9114 §8.1) and QPACK's (RFC 9204 §6), as carried by
/// RESET_STREAM, STOP_SENDING and CONNECTION_CLOSE. Peers may send other values (e.g. GREASE
/// codes 0x1f × N + 0x21), so codes travel as <see cref="ulong"/> and this enum names the known ones.
/// </summary>
public enum Http3ErrorCode : ulong
{
    /// <summary>H3_NO_ERROR: no error; used to close a connection or stream gracefully.</summary>
    NoError = 0x100,

    /// <summary>H3_GENERAL_PROTOCOL_ERROR: a protocol violation with no more specific code.</summary>
    GeneralProtocolError = 0x101,

    /// <summary>H3_INTERNAL_ERROR: an internal error in the HTTP stack.</summary>
    InternalError = 0x102,

    /// <summary>H3_STREAM_CREATION_ERROR: the peer created a stream that is not accepted.</summary>
    StreamCreationError = 0x103,

    /// <summary>H3_CLOSED_CRITICAL_STREAM: a control or QPACK stream was closed or reset.</summary>
    ClosedCriticalStream = 0x104,

    /// <summary>H3_FRAME_UNEXPECTED: a frame not permitted in the current state or on this stream.</summary>
    FrameUnexpected = 0x105,

    /// <summary>H3_FRAME_ERROR: a frame violated layout or size rules.</summary>
    FrameError = 0x106,

    /// <summary>H3_EXCESSIVE_LOAD: the peer is generating excessive load.</summary>
    ExcessiveLoad = 0x107,

    /// <summary>H3_ID_ERROR: a stream or push ID was used incorrectly.</summary>
    IdError = 0x108,

    /// <summary>H3_SETTINGS_ERROR: an error in the SETTINGS frame.</summary>
    SettingsError = 0x109,

    /// <summary>H3_MISSING_SETTINGS: the control stream did not start with SETTINGS.</summary>
    MissingSettings = 0x10A,

    /// <summary>H3_REQUEST_REJECTED: the server refused the request without processing it (safe to retry).</summary>
    RequestRejected = 0x10B,

    /// <summary>H3_REQUEST_CANCELLED: the request or its response is cancelled.</summary>
    RequestCancelled = 0x10C,

    /// <summary>H3_REQUEST_INCOMPLETE: the client's stream ended without a complete request.</summary>
    RequestIncomplete = 0x10D,

    /// <summary>H3_MESSAGE_ERROR: an HTTP message was malformed.</summary>
    MessageError = 0x10E,

    /// <summary>H3_CONNECT_ERROR: the CONNECT tunnel was reset or closed abnormally.</summary>
    ConnectError = 0x10F,

    /// <summary>H3_VERSION_FALLBACK: the request should be retried over HTTP/1.1.</summary>
    VersionFallback = 0x110,

    /// <summary>QPACK_DECOMPRESSION_FAILED: a field section could not be interpreted.</summary>
    QpackDecompressionFailed = 0x200,

    /// <summary>QPACK_ENCODER_STREAM_ERROR: an invalid instruction on the encoder stream.</summary>
    QpackEncoderStreamError = 0x201,

    /// <summary>QPACK_DECODER_STREAM_ERROR: an invalid instruction on the decoder stream.</summary>
    QpackDecoderStreamError = 0x202,
}
