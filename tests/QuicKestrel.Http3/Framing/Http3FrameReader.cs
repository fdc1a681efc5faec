namespace QuicKestrel.Http3.Framing;

/// <summary>What <see cref="Http3FrameReader.Read"/> found.</summary>
internal enum FrameReadStatus
{
    /// <summary>All input was consumed without completing anything; feed more.</summary>
    NeedMoreData,

    /// <summary>A complete non-DATA frame of a known type; its payload is valid until the next call.</summary>
    Frame,

    /// <summary>A piece of DATA payload (streamed as it arrives, never buffered); empty for a zero-length DATA frame.</summary>
    Data,

    /// <summary>The header of a frame of an unknown type was read; its payload is skipped (RFC 9114 §9).</summary>
    UnknownFrame,

    /// <summary>A framing error; the reader is unusable afterwards.</summary>
    Error,
}

/// <summary>
/// Incremental HTTP/3 frame parser for one stream (RFC 9114 §7.1). Bytes arrive in arbitrary
/// pieces; DATA payload is handed out as it arrives, other known frames are delivered whole
/// (from the input when contiguous, else from an internal buffer bounded by the size limit),
/// and unknown or reserved frame types are skipped (§9). It knows nothing about which frames
/// a stream allows; the caller checks that. Never throws on input.
/// </summary>
internal sealed class Http3FrameReader
{
    private enum State { Header, Data, Buffered, Skip, Failed }

    private readonly int _maxFramePayload;
    private readonly byte[] _header = new byte[Http3FrameWriter.MaxFrameHeaderLength];
    private int _headerLength;
    private byte[] _payload = [];
    private int _payloadLength;
    private State _state;
    private ulong _type;
    private ulong _remaining;

    /// <param name="maxFramePayload">The largest non-DATA frame payload accepted (larger: H3_EXCESSIVE_LOAD).</param>
    public Http3FrameReader(int maxFramePayload) => _maxFramePayload = maxFramePayload;

    /// <summary>The type of the frame being read or last returned.</summary>
    public ulong FrameType => _type;

    /// <summary>True between frames: a stream may end cleanly only here (§7.1: otherwise H3_FRAME_ERROR).</summary>
    public bool IsAtFrameBoundary => _state == State.Header && _headerLength == 0;

    /// <summary>Parses from <paramref name="input"/> until one frame or DATA piece is complete or the input runs out.</summary>
    /// <param name="input">The next stream bytes.</param>
    /// <param name="consumed">How many input bytes were used.</param>
    /// <param name="payload">For <see cref="FrameReadStatus.Frame"/> the whole payload, for <see cref="FrameReadStatus.Data"/> the piece.</param>
    /// <param name="error">For <see cref="FrameReadStatus.Error"/>: the connection error code.</param>
    /// <returns>What was found.</returns>
    public FrameReadStatus Read(ReadOnlySpan<byte> input, out int consumed, out ReadOnlySpan<byte> payload, out Http3ErrorCode error)
    {
        consumed = 0;
        payload = default;
        error = Http3ErrorCode.NoError;
        while (true)
        {
            ReadOnlySpan<byte> rest = input.Slice(consumed);
            switch (_state)
            {
                case State.Header:
                    if (!TryReadHeader(rest, ref consumed))
                        return FrameReadStatus.NeedMoreData;
                    if (!StartFrame(input.Slice(consumed), ref consumed, ref payload, out error, out FrameReadStatus started))
                        return Fail(out error, error);
                    if (started != FrameReadStatus.NeedMoreData)
                        return started;
                    continue;
                case State.Data:
                    if (rest.IsEmpty)
                        return FrameReadStatus.NeedMoreData;
                    payload = rest.Slice(0, (int)Math.Min(_remaining, (ulong)rest.Length));
                    consumed += payload.Length;
                    _remaining -= (ulong)payload.Length;
                    if (_remaining == 0)
                        _state = State.Header;
                    return FrameReadStatus.Data;
                case State.Buffered:
                    int take = Math.Min(rest.Length, (int)_remaining);
                    rest.Slice(0, take).CopyTo(_payload.AsSpan(_payloadLength));
                    _payloadLength += take;
                    _remaining -= (ulong)take;
                    consumed += take;
                    if (_remaining != 0)
                        return FrameReadStatus.NeedMoreData;
                    _state = State.Header;
                    payload = _payload.AsSpan(0, _payloadLength);
                    return FrameReadStatus.Frame;
                case State.Skip:
                    int skip = (int)Math.Min(_remaining, (ulong)rest.Length);
                    consumed += skip;
                    _remaining -= (ulong)skip;
                    if (_remaining != 0)
                        return FrameReadStatus.NeedMoreData;
                    _state = State.Header;
                    continue;
                default:
                    return Fail(out error, Http3ErrorCode.FrameError);
            }
        }
    }

    /// <summary>
    /// Gives back the last <paramref name="count"/> bytes of the DATA piece just returned, which
    /// the caller could not take (back-pressure); they must be fed again, first, later.
    /// </summary>
    /// <param name="count">At most the length of the last DATA piece.</param>
    public void UnreadData(int count)
    {
        if (count == 0)
            return;
        _remaining += (ulong)count;
        _state = State.Data;
    }

    // Reads the type and length varints, buffering a header split across inputs (at most 16 bytes).
    private bool TryReadHeader(ReadOnlySpan<byte> rest, ref int consumed)
    {
        ReadOnlySpan<byte> source = rest;
        int previous = _headerLength;
        if (previous > 0)
        {
            int copy = Math.Min(rest.Length, _header.Length - previous);
            rest.Slice(0, copy).CopyTo(_header.AsSpan(previous));
            source = _header.AsSpan(0, previous + copy);
        }
        if (Http3VarInt.TryRead(source, out ulong type, out int typeLength)
            && Http3VarInt.TryRead(source.Slice(typeLength), out ulong length, out int lengthLength))
        {
            _type = type;
            _remaining = length;
            _headerLength = 0;
            consumed += typeLength + lengthLength - previous;
            return true;
        }
        int keep = Math.Min(rest.Length, _header.Length - previous);
        if (previous == 0)
            rest.Slice(0, keep).CopyTo(_header);
        _headerLength = previous + keep;
        consumed += keep;
        return false;
    }

    // Chooses how to read the payload of the frame whose header was just read.
    // Reports a complete frame, an empty DATA frame or an unknown frame at once; NeedMoreData to go on reading.
    private bool StartFrame(ReadOnlySpan<byte> rest, ref int consumed, ref ReadOnlySpan<byte> payload, out Http3ErrorCode error, out FrameReadStatus started)
    {
        error = Http3ErrorCode.NoError;
        started = FrameReadStatus.NeedMoreData;
        if (_type == Http3FrameType.Data)
        {
            _state = _remaining == 0 ? State.Header : State.Data;
            if (_remaining == 0)
                started = FrameReadStatus.Data;
            return true;
        }
        if (Http3FrameType.IsReservedHttp2(_type))
        {
            error = Http3ErrorCode.FrameUnexpected; // §7.2.8
            return false;
        }
        if (!IsKnown(_type))
        {
            _state = _remaining == 0 ? State.Header : State.Skip; // §9: unknown frame types are ignored
            started = FrameReadStatus.UnknownFrame;
            return true;
        }
        if (_remaining > (ulong)_maxFramePayload)
        {
            error = Http3ErrorCode.ExcessiveLoad;
            return false;
        }
        int length = (int)_remaining;
        if (rest.Length >= length)
        {
            payload = rest.Slice(0, length);
            consumed += length;
            _remaining = 0;
            started = FrameReadStatus.Frame;
            return true;
        }
        if (_payload.Length < length)
            _payload = new byte[Math.Max(length, Math.Min(_maxFramePayload, _payload.Length * 2))];
        rest.CopyTo(_payload);
        _payloadLength = rest.Length;
        _remaining -= (ulong)rest.Length;
        consumed += rest.Length;
        _state = State.Buffered;
        return true;
    }

    private static bool IsKnown(ulong type) => type is Http3FrameType.Headers or Http3FrameType.CancelPush
        or Http3FrameType.Settings or Http3FrameType.PushPromise or Http3FrameType.GoAway or Http3FrameType.MaxPushId;

    private FrameReadStatus Fail(out Http3ErrorCode error, Http3ErrorCode code)
    {
        _state = State.Failed;
        error = code;
        return FrameReadStatus.Error;
    }
}
