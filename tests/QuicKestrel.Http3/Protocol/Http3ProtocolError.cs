namespace QuicKestrel.Http3.Protocol;

/// <summary>
/// A protocol violation found in received bytes, as a value (RFC 9114 §8): the error code,
/// whether it closes the whole connection (a connection error) or only the stream (a stream
/// error), and a constant reason for diagnostics.
/// </summary>
internal readonly record struct Http3ProtocolError(Http3ErrorCode Code, bool IsConnectionError, string Reason)
{
    public static Http3ProtocolError Connection(Http3ErrorCode code, string reason) => new(code, true, reason);

    public static Http3ProtocolError Stream(Http3ErrorCode code, string reason) => new(code, false, reason);
}
