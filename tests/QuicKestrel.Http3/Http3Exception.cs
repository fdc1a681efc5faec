using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Http3;

/// <summary>Why an HTTP/3 operation failed.</summary>
public enum Http3FailureKind
{
    /// <summary>An API call failed (see <see cref="Http3Exception.Status"/>), e.g. while opening the connection.</summary>
    QuicApiError,

    /// <summary>The connection could not be established (handshake failure, timeout, refusal).</summary>
    ConnectFailed,

    /// <summary>The peer reset the request stream (RESET_STREAM); <see cref="Http3Exception.ErrorCode"/> is its code.</summary>
    StreamReset,

    /// <summary>The peer stopped reading the request (STOP_SENDING with a code other than H3_NO_ERROR).</summary>
    StopSending,

    /// <summary>We detected a protocol violation; <see cref="Http3Exception.ErrorCode"/> is the code we sent (on the stream or the connection).</summary>
    ProtocolError,

    /// <summary>The connection closed; <see cref="Http3Exception.ErrorCode"/> is the application or transport close code.</summary>
    ConnectionClosed,

    /// <summary>The server's GOAWAY excluded the request: it was not processed and may be retried on a new connection.</summary>
    GoAway,

    /// <summary>The application aborted the request (<see cref="Http3RequestHandle.AbortReceive"/> or <see cref="Http3RequestHandle.Abort"/>).</summary>
    LocallyAborted,
}

/// <summary>An HTTP/3 request or connection failure, carrying the HTTP/3 error code involved.</summary>
public sealed class Http3Exception : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="kind">Why the operation failed.</param>
    /// <param name="errorCode">The HTTP/3 (or transport) error code involved; 0 when none.</param>
    /// <param name="message">A description.</param>
    /// <param name="status">The QUIC status involved, if any.</param>
    public Http3Exception(Http3FailureKind kind, ulong errorCode, string message, QuicStatus status = QuicStatus.Success)
        : base(message)
    {
        Kind = kind;
        ErrorCode = errorCode;
        Status = status;
    }

    /// <summary>Why the operation failed.</summary>
    public Http3FailureKind Kind { get; }

    /// <summary>The error code: HTTP/3 for stream and application closes (see <see cref="Http3ErrorCode"/>), QUIC's for transport closes.</summary>
    public ulong ErrorCode { get; }

    /// <summary><see cref="ErrorCode"/> as the named HTTP/3 code (may be a value without a name).</summary>
    public Http3ErrorCode Http3Code => (Http3ErrorCode)ErrorCode;

    /// <summary>The QUIC status involved (API result or connection close status); <see cref="QuicStatus.Success"/> when none.</summary>
    public QuicStatus Status { get; }

    /// <summary>True when the request was certainly not processed and may be retried: a GOAWAY exclusion or H3_REQUEST_REJECTED.</summary>
    public bool IsRetryable => Kind == Http3FailureKind.GoAway
        || (Kind == Http3FailureKind.StreamReset && ErrorCode == (ulong)Http3ErrorCode.RequestRejected);

    internal static Http3Exception ApiFailed(QuicStatus status, string operation) =>
        new(Http3FailureKind.QuicApiError, 0, $"{operation} failed: {status}.", status);

    internal static void ThrowIfFailed(QuicStatus status, string operation)
    {
        if (status.Failed())
            throw ApiFailed(status, operation);
    }
}
