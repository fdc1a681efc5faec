using QuicKestrel.Http3.Framing;
using QuicKestrel.Http3.Qpack;

namespace QuicKestrel.Http3.Protocol;

/// <summary>What <see cref="Http3MessageReader.Read"/> stopped at.</summary>
internal enum MessageReadStatus
{
    /// <summary>All input consumed; feed more (or finish at FIN).</summary>
    NeedMoreData,

    /// <summary>The (final) header section arrived and is valid; call again with the rest of the input.</summary>
    HeadersReceived,

    /// <summary>The body sink took less than offered; the unconsumed input must be fed again later.</summary>
    Paused,

    /// <summary>A protocol error; see the error value.</summary>
    Error,
}

/// <summary>
/// Reads one HTTP message from a request stream (RFC 9114 §4.1): interim responses (1xx,
/// skipped), one header section, DATA frames, optional trailers, nothing after; unknown
/// frames are skipped. Frame sequence errors are connection errors (H3_FRAME_UNEXPECTED, §4.1);
/// malformed messages are stream errors (H3_MESSAGE_ERROR, §4.1.2); QPACK failures are
/// QPACK_DECOMPRESSION_FAILED connection errors (RFC 9204 §2.2). Sans-IO: bytes in, state out.
/// </summary>
internal sealed class Http3MessageReader
{
    private enum Phase { AwaitingHeaders, Body, AfterTrailers, Finished }

    private readonly bool _isRequest;
    private readonly QpackDecoder _decoder;
    private readonly Http3FrameReader _frames;
    private Phase _phase;

    /// <param name="isRequest">True on a server (reading requests), false on a client (reading responses).</param>
    /// <param name="decoder">The connection's QPACK decoder (used on the connection's thread only).</param>
    public Http3MessageReader(bool isRequest, QpackDecoder decoder)
    {
        _isRequest = isRequest;
        _decoder = decoder;
        // A HEADERS payload is at most the encoded size of the largest section we accept; QPACK never expands it.
        _frames = new Http3FrameReader(decoder.MaxFieldSectionSize + 1024);
    }

    /// <summary>The final header section, once <see cref="HeadersReceived"/>.</summary>
    public List<Http3Field> Headers { get; } = [];

    /// <summary>The trailer section, if one arrived.</summary>
    public List<Http3Field>? Trailers { get; private set; }

    /// <summary>The request pseudo-headers (requests only).</summary>
    public RequestHead Request { get; private set; }

    /// <summary>The final status (responses only).</summary>
    public int Status { get; private set; }

    /// <summary>The content-length field, when present.</summary>
    public long? ContentLength { get; private set; }

    /// <summary>Content bytes taken by the sink so far.</summary>
    public long BodyLength { get; private set; }

    /// <summary>True for the response to a HEAD request: content-length describes no content, and content is malformed.</summary>
    public bool IsHeadResponse { get; set; }

    public bool HeadersReceived => _phase != Phase.AwaitingHeaders;

    public bool IsFinished => _phase == Phase.Finished;

    /// <summary>Parses <paramref name="input"/>, passing content to <paramref name="sink"/>.</summary>
    public MessageReadStatus Read(ReadOnlySpan<byte> input, IBodySink sink, out int consumed, out Http3ProtocolError error)
    {
        consumed = 0;
        error = default;
        while (true)
        {
            FrameReadStatus status = _frames.Read(input.Slice(consumed), out int used, out ReadOnlySpan<byte> payload, out Http3ErrorCode code);
            consumed += used;
            switch (status)
            {
                case FrameReadStatus.NeedMoreData:
                    return MessageReadStatus.NeedMoreData;
                case FrameReadStatus.UnknownFrame:
                    break;
                case FrameReadStatus.Error:
                    error = Http3ProtocolError.Connection(code, "invalid frame on a request stream");
                    return MessageReadStatus.Error;
                case FrameReadStatus.Data:
                    if (!OnData(payload, sink, ref consumed, out error, out bool paused))
                        return MessageReadStatus.Error;
                    if (paused)
                        return MessageReadStatus.Paused;
                    break;
                case FrameReadStatus.Frame:
                    bool wasAwaiting = _phase == Phase.AwaitingHeaders;
                    if (!OnFrame(payload, out error))
                        return MessageReadStatus.Error;
                    if (wasAwaiting && _phase == Phase.Body)
                        return MessageReadStatus.HeadersReceived;
                    break;
            }
        }
    }

    /// <summary>The peer ended the stream (FIN) after everything was read: checks the message is complete.</summary>
    public bool TryFinish(out Http3ProtocolError error)
    {
        error = default;
        if (_phase == Phase.Finished)
            return true;
        if (!_frames.IsAtFrameBoundary)
        {
            error = Http3ProtocolError.Connection(Http3ErrorCode.FrameError, "stream ended inside a frame"); // §7.1
            return false;
        }
        if (_phase == Phase.AwaitingHeaders)
        {
            error = _isRequest
                ? Http3ProtocolError.Stream(Http3ErrorCode.RequestIncomplete, "stream ended before the request headers")
                : Http3ProtocolError.Stream(Http3ErrorCode.MessageError, "stream ended before the response headers");
            return false;
        }
        if (ContentLength is long expected && !IsHeadResponse && Status is not (204 or 304) && BodyLength != expected)
        {
            error = Http3ProtocolError.Stream(Http3ErrorCode.MessageError, "content shorter than content-length");
            return false;
        }
        _phase = Phase.Finished;
        return true;
    }

    private bool OnData(ReadOnlySpan<byte> data, IBodySink sink, ref int consumed, out Http3ProtocolError error, out bool paused)
    {
        error = default;
        paused = false;
        if (_phase != Phase.Body)
        {
            error = Http3ProtocolError.Connection(Http3ErrorCode.FrameUnexpected, "DATA outside the message body");
            return false;
        }
        if (data.IsEmpty)
            return true;
        if (IsHeadResponse || (ContentLength is long limit && BodyLength + data.Length > limit))
        {
            error = Http3ProtocolError.Stream(Http3ErrorCode.MessageError, "content longer than content-length");
            return false;
        }
        int taken = sink.Write(data);
        BodyLength += taken;
        if (taken < data.Length)
        {
            _frames.UnreadData(data.Length - taken);
            consumed -= data.Length - taken;
            paused = true;
        }
        return true;
    }

    private bool OnFrame(ReadOnlySpan<byte> payload, out Http3ProtocolError error)
    {
        ulong type = _frames.FrameType;
        if (type == Http3FrameType.Headers)
            return OnHeaders(payload, out error);
        // §7.2.5: a client never sent MAX_PUSH_ID, so any push ID exceeds it; a server must not receive PUSH_PROMISE.
        error = type == Http3FrameType.PushPromise && !_isRequest
            ? Http3ProtocolError.Connection(Http3ErrorCode.IdError, "PUSH_PROMISE without MAX_PUSH_ID")
            : Http3ProtocolError.Connection(Http3ErrorCode.FrameUnexpected, "control frame on a request stream");
        return false;
    }

    private bool OnHeaders(ReadOnlySpan<byte> payload, out Http3ProtocolError error)
    {
        error = default;
        if (_phase is Phase.AfterTrailers or Phase.Finished)
        {
            error = Http3ProtocolError.Connection(Http3ErrorCode.FrameUnexpected, "HEADERS after trailers");
            return false;
        }
        bool isTrailers = _phase == Phase.Body;
        List<Http3Field> target = isTrailers ? (Trailers = []) : Headers;
        target.Clear();
        QpackDecodeError qpack = _decoder.Decode(payload, target);
        if (qpack == QpackDecodeError.FieldSectionTooLarge)
        {
            error = Http3ProtocolError.Stream(Http3ErrorCode.ExcessiveLoad, "field section too large");
            return false;
        }
        if (qpack != QpackDecodeError.None)
        {
            error = Http3ProtocolError.Connection(Http3ErrorCode.QpackDecompressionFailed, "invalid field section");
            return false;
        }
        string? problem = isTrailers ? FieldValidator.ValidateTrailers(target) : AcceptHeaders();
        if (problem is not null)
        {
            error = Http3ProtocolError.Stream(Http3ErrorCode.MessageError, problem);
            return false;
        }
        if (isTrailers)
            _phase = Phase.AfterTrailers;
        return true;
    }

    // Validates the header section; a 1xx response is interim and leaves the reader awaiting the final one.
    private string? AcceptHeaders()
    {
        string? problem;
        if (_isRequest)
        {
            problem = FieldValidator.ValidateRequest(Headers, out RequestHead head);
            Request = head;
        }
        else
        {
            problem = FieldValidator.ValidateResponse(Headers, out int status);
            Status = status;
            if (problem is null && status < 200)
            {
                Headers.Clear();
                return null;
            }
        }
        if (problem is not null)
            return problem;
        problem = FieldValidator.TryGetContentLength(Headers, out long? contentLength);
        if (problem is not null)
            return problem;
        ContentLength = contentLength;
        _phase = Phase.Body;
        return null;
    }
}
