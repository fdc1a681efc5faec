using QuicKestrel.Http3.Framing;

namespace QuicKestrel.Http3.Protocol;

/// <summary>What to do with a peer's unidirectional stream after some input.</summary>
internal enum UniStreamVerdict
{
    /// <summary>Keep reading.</summary>
    Continue,

    /// <summary>Stop reading it: send STOP_SENDING with the error's code (an unknown stream type, §6.2).</summary>
    AbortReceive,

    /// <summary>Close the connection with the error's code.</summary>
    ConnectionError,
}

/// <summary>
/// Reads one unidirectional stream opened by the peer (RFC 9114 §6.2): the stream type varint,
/// then the control stream (<see cref="ControlStreamReader"/>), a QPACK stream
/// (<see cref="QpackInstructionChecker"/>), a push stream (refused: a server never accepts one,
/// §6.2.2; a client never sent MAX_PUSH_ID, so §4.6 makes it H3_ID_ERROR), or an unknown or
/// reserved type (STOP_SENDING with H3_STREAM_CREATION_ERROR). A second control, encoder or
/// decoder stream is H3_STREAM_CREATION_ERROR; closing one is H3_CLOSED_CRITICAL_STREAM.
/// </summary>
internal sealed class PeerUniStreamReader
{
    private readonly Http3ConnectionState _state;
    private readonly IControlStreamHandler _handler;
    private readonly byte[] _typeBytes = new byte[Http3VarInt.MaxLength];
    private int _typeLength;
    private ControlStreamReader? _control;
    private QpackInstructionChecker? _qpack;
    private bool _ignored;

    public PeerUniStreamReader(Http3ConnectionState state, IControlStreamHandler handler)
    {
        _state = state;
        _handler = handler;
    }

    /// <summary>The stream type, once read.</summary>
    public ulong? StreamType { get; private set; }

    /// <summary>True for the control and QPACK streams, which must stay open for the connection's life.</summary>
    public bool IsCritical => _control is not null || _qpack is not null;

    public UniStreamVerdict Read(ReadOnlySpan<byte> input, out Http3ProtocolError error)
    {
        error = default;
        if (_ignored)
            return UniStreamVerdict.Continue;
        if (StreamType is null)
        {
            if (!TryReadType(ref input))
                return UniStreamVerdict.Continue;
            UniStreamVerdict verdict = Open(StreamType!.Value, out error);
            if (verdict != UniStreamVerdict.Continue)
                return verdict;
        }
        if (_control is not null && !_control.TryRead(input, out error))
            return UniStreamVerdict.ConnectionError;
        if (_qpack is not null && !_qpack.TryRead(input, out Http3ErrorCode code))
        {
            error = Http3ProtocolError.Connection(code, "invalid QPACK stream instruction");
            return UniStreamVerdict.ConnectionError;
        }
        return UniStreamVerdict.Continue;
    }

    /// <summary>The peer ended (FIN) or reset the stream.</summary>
    public UniStreamVerdict OnPeerClosed(out Http3ProtocolError error)
    {
        error = default;
        if (!IsCritical)
            return UniStreamVerdict.Continue;
        error = Http3ProtocolError.Connection(Http3ErrorCode.ClosedCriticalStream, "critical stream closed"); // §6.2.1
        return UniStreamVerdict.ConnectionError;
    }

    private bool TryReadType(ref ReadOnlySpan<byte> input)
    {
        int take = Math.Min(input.Length, _typeBytes.Length - _typeLength);
        input.Slice(0, take).CopyTo(_typeBytes.AsSpan(_typeLength));
        int available = _typeLength + take;
        if (!Http3VarInt.TryRead(_typeBytes.AsSpan(0, available), out ulong type, out int length))
        {
            _typeLength = available;
            input = default;
            return false;
        }
        input = input.Slice(length - _typeLength);
        StreamType = type;
        return true;
    }

    private UniStreamVerdict Open(ulong type, out Http3ProtocolError error)
    {
        error = default;
        switch (type)
        {
            case Http3StreamType.Control:
                if (_state.PeerControlStreamOpened)
                    return ConnectionError(out error, Http3ErrorCode.StreamCreationError, "second control stream");
                _state.PeerControlStreamOpened = true;
                _control = new ControlStreamReader(_state, _handler);
                return UniStreamVerdict.Continue;
            case Http3StreamType.QpackEncoder or Http3StreamType.QpackDecoder:
                bool isEncoder = type == Http3StreamType.QpackEncoder;
                if (isEncoder ? _state.PeerEncoderStreamOpened : _state.PeerDecoderStreamOpened)
                    return ConnectionError(out error, Http3ErrorCode.StreamCreationError, "second QPACK stream of one type");
                if (isEncoder)
                    _state.PeerEncoderStreamOpened = true;
                else
                    _state.PeerDecoderStreamOpened = true;
                _qpack = new QpackInstructionChecker(isEncoder);
                return UniStreamVerdict.Continue;
            case Http3StreamType.Push:
                return _state.IsServer
                    ? ConnectionError(out error, Http3ErrorCode.StreamCreationError, "push stream opened by a client")
                    : ConnectionError(out error, Http3ErrorCode.IdError, "push stream without MAX_PUSH_ID");
            default:
                _ignored = true;
                error = Http3ProtocolError.Stream(Http3ErrorCode.StreamCreationError, "unknown stream type");
                return UniStreamVerdict.AbortReceive;
        }
    }

    private static UniStreamVerdict ConnectionError(out Http3ProtocolError error, Http3ErrorCode code, string reason)
    {
        error = Http3ProtocolError.Connection(code, reason);
        return UniStreamVerdict.ConnectionError;
    }
}
