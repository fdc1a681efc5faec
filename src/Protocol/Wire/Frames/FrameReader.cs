namespace QuicKestrel.Protocol.Wire;

/// <summary>
/// Reads the frames of one decrypted packet payload, in order, without allocating:
/// <code>
/// var reader = new FrameReader(payload, PacketType.OneRtt);
/// while (reader.TryReadFrame(out Frame frame, out QuicError error)) { switch (frame.Type) { ... } }
/// if (error.IsError) { close the connection with error }
/// </code>
/// False with no error means the payload is exhausted. Errors follow RFC 9000: unknown or
/// malformed frames give FRAME_ENCODING_ERROR, frames not allowed in the packet type and an
/// empty payload give PROTOCOL_VIOLATION (§12.4). After an error the reader stays failed.
/// </summary>
internal ref struct FrameReader
{
    private SpanReader _reader;
    private readonly PacketType _packetType;
    private QuicError _error;
    private bool _sawFrame;
    private bool _sawPadding;

    public FrameReader(ReadOnlySpan<byte> payload, PacketType packetType)
    {
        if (packetType is not (PacketType.Initial or PacketType.ZeroRtt or PacketType.Handshake or PacketType.OneRtt))
            throw new ArgumentOutOfRangeException(nameof(packetType), "Only Initial, 0-RTT, Handshake and 1-RTT packets carry frames.");
        _reader = new SpanReader(payload);
        _packetType = packetType;
        _error = default;
        _sawFrame = false;
        _sawPadding = false;
        IsAckEliciting = false;
        IsProbingOnly = true;
    }

    /// <summary>Bytes of the payload consumed so far.</summary>
    public readonly int Position => _reader.Position;

    /// <summary>True once a frame other than ACK, PADDING and CONNECTION_CLOSE was read (RFC 9000 §13.2.1).</summary>
    public bool IsAckEliciting { get; private set; }

    /// <summary>True once an ack-eliciting frame or PADDING was read: the packet counts in flight (RFC 9002 §2).</summary>
    public readonly bool CountsInFlight => IsAckEliciting || _sawPadding;

    /// <summary>True while every frame read is a probing frame (RFC 9000 §9.1): such a packet does not migrate the connection.</summary>
    public bool IsProbingOnly { get; private set; }

    public bool TryReadFrame(out Frame frame, out QuicError error)
    {
        frame = default;
        error = _error;
        if (error.IsError)
            return false;
        if (_reader.IsEnd)
        {
            // RFC 9000 §12.4: a packet without frames is a PROTOCOL_VIOLATION.
            if (!_sawFrame)
                error = _error = QuicError.ProtocolViolation(0, "packet without frames");
            return false;
        }
        _sawFrame = true;
        if (!TryReadOne(out frame, out error))
        {
            _error = error;
            return false;
        }
        Account(frame.Type);
        return true;
    }

    private bool TryReadOne(out Frame frame, out QuicError error)
    {
        // RFC 9000 §12.4: frame types longer than necessary MAY be rejected; we accept them.
        if (!_reader.TryReadVarInt(out ulong rawType))
            return FrameParse.Fail(0, "frame type truncated", out frame, out error);
        if (!FrameRules.TryGetFrameType(rawType, out FrameType type))
            return FrameParse.Fail(rawType, "unknown frame type", out frame, out error);
        if (!FrameRules.IsAllowedIn(type, _packetType))
        {
            frame = default;
            error = QuicError.ProtocolViolation(rawType, "frame not allowed in this packet type");
            return false;
        }
        return TryReadBody(type, rawType, out frame, out error);
    }

    private bool TryReadBody(FrameType type, ulong rawType, out Frame frame, out QuicError error)
    {
        switch (type)
        {
            case FrameType.Padding:
                return ReadPadding(rawType, out frame, out error);
            case FrameType.Ping:
            case FrameType.HandshakeDone:
                return FrameParse.Succeed(new Frame(type, rawType), out frame, out error);
            case FrameType.Ack:
                return AckFrame.TryRead(ref _reader, rawType, out frame, out error);
            case FrameType.ResetStream:
                return ResetStreamFrame.TryRead(ref _reader, rawType, out frame, out error);
            case FrameType.StopSending:
                return StopSendingFrame.TryRead(ref _reader, rawType, out frame, out error);
            case FrameType.Crypto:
                return CryptoFrame.TryRead(ref _reader, rawType, out frame, out error);
            case FrameType.NewToken:
                return NewTokenFrame.TryRead(ref _reader, rawType, out frame, out error);
            case FrameType.Stream:
                return StreamFrame.TryRead(ref _reader, rawType, out frame, out error);
            case FrameType.MaxData:
                return MaxDataFrame.TryRead(ref _reader, rawType, out frame, out error);
            case FrameType.MaxStreamData:
                return MaxStreamDataFrame.TryRead(ref _reader, rawType, out frame, out error);
            case FrameType.MaxStreamsBidi:
            case FrameType.MaxStreamsUni:
                return MaxStreamsFrame.TryRead(ref _reader, rawType, out frame, out error);
            case FrameType.DataBlocked:
                return DataBlockedFrame.TryRead(ref _reader, rawType, out frame, out error);
            case FrameType.StreamDataBlocked:
                return StreamDataBlockedFrame.TryRead(ref _reader, rawType, out frame, out error);
            case FrameType.StreamsBlockedBidi:
            case FrameType.StreamsBlockedUni:
                return StreamsBlockedFrame.TryRead(ref _reader, rawType, out frame, out error);
            case FrameType.NewConnectionId:
                return NewConnectionIdFrame.TryRead(ref _reader, rawType, out frame, out error);
            case FrameType.RetireConnectionId:
                return RetireConnectionIdFrame.TryRead(ref _reader, rawType, out frame, out error);
            case FrameType.PathChallenge:
                return PathChallengeFrame.TryRead(ref _reader, rawType, out frame, out error);
            case FrameType.PathResponse:
                return PathResponseFrame.TryRead(ref _reader, rawType, out frame, out error);
            case FrameType.ConnectionClose:
            case FrameType.ApplicationClose:
                return ConnectionCloseFrame.TryRead(ref _reader, rawType, out frame, out error);
            case FrameType.Datagram:
                return DatagramFrame.TryRead(ref _reader, rawType, out frame, out error);
            default:
                return FrameParse.Fail(rawType, "unknown frame type", out frame, out error);
        }
    }

    // Consecutive PADDING bytes come back as one frame, so a padded Initial is one step, not a thousand.
    private bool ReadPadding(ulong rawType, out Frame frame, out QuicError error)
    {
        ReadOnlySpan<byte> rest = _reader.RemainingBytes;
        int zeros = rest.IndexOfAnyExcept((byte)0);
        int count = zeros < 0 ? rest.Length : zeros;
        _reader.TrySkip(count);
        return FrameParse.Succeed(new Frame(FrameType.Padding, rawType, (ulong)(count + 1)), out frame, out error);
    }

    private void Account(FrameType type)
    {
        if (FrameRules.IsAckEliciting(type))
            IsAckEliciting = true;
        if (type == FrameType.Padding)
            _sawPadding = true;
        if (!FrameRules.IsProbing(type))
            IsProbingOnly = false;
    }
}
