using QuicKestrel.Http3.Framing;

namespace QuicKestrel.Http3.Protocol;

/// <summary>
/// Reads the peer's control stream after its type byte (RFC 9114 §6.2.1, §7.2): SETTINGS
/// first and only once, then GOAWAY, MAX_PUSH_ID and CANCEL_PUSH; DATA, HEADERS and
/// PUSH_PROMISE are H3_FRAME_UNEXPECTED; unknown frames are skipped. All errors here are
/// connection errors.
/// </summary>
internal sealed class ControlStreamReader
{
    private const int MaxControlFramePayload = 16 * 1024;

    private readonly Http3ConnectionState _state;
    private readonly IControlStreamHandler _handler;
    private readonly Http3FrameReader _frames = new(MaxControlFramePayload);

    public ControlStreamReader(Http3ConnectionState state, IControlStreamHandler handler)
    {
        _state = state;
        _handler = handler;
    }

    public bool TryRead(ReadOnlySpan<byte> input, out Http3ProtocolError error)
    {
        error = default;
        int offset = 0;
        while (true)
        {
            FrameReadStatus status = _frames.Read(input.Slice(offset), out int used, out ReadOnlySpan<byte> payload, out Http3ErrorCode code);
            offset += used;
            switch (status)
            {
                case FrameReadStatus.NeedMoreData:
                    return true;
                case FrameReadStatus.Error:
                    error = Http3ProtocolError.Connection(code, "invalid frame on the control stream");
                    return false;
                case FrameReadStatus.Data:
                    return Fail(out error, _state.PeerSettings is null ? Http3ErrorCode.MissingSettings : Http3ErrorCode.FrameUnexpected, "DATA on the control stream");
                case FrameReadStatus.UnknownFrame:
                    if (_state.PeerSettings is null)
                        return Fail(out error, Http3ErrorCode.MissingSettings, "control stream does not start with SETTINGS");
                    break;
                case FrameReadStatus.Frame:
                    if (!OnFrame(_frames.FrameType, payload, out error))
                        return false;
                    break;
            }
        }
    }

    private bool OnFrame(ulong type, ReadOnlySpan<byte> payload, out Http3ProtocolError error)
    {
        error = default;
        if (_state.PeerSettings is null)
        {
            if (type != Http3FrameType.Settings)
                return Fail(out error, Http3ErrorCode.MissingSettings, "control stream does not start with SETTINGS");
            if (!Http3Settings.TryParse(payload, out Http3Settings settings, out Http3ErrorCode code))
                return Fail(out error, code, "invalid SETTINGS");
            _state.PeerSettings = settings;
            _handler.OnSettings(settings);
            return true;
        }
        return type switch
        {
            Http3FrameType.GoAway => OnGoAway(payload, out error),
            Http3FrameType.MaxPushId => OnMaxPushId(payload, out error),
            // §7.2.3: we never allowed (client) or promised (server) a push, so any push ID is invalid.
            Http3FrameType.CancelPush => TryReadSingleVarInt(payload, out _, out error)
                && Fail(out error, Http3ErrorCode.IdError, "CANCEL_PUSH for a push never allowed"),
            _ => Fail(out error, Http3ErrorCode.FrameUnexpected, "frame not allowed on the control stream"),
        };
    }

    // §5.2, §7.2.6: a client receives a client-initiated bidirectional stream ID; identifiers never increase.
    private bool OnGoAway(ReadOnlySpan<byte> payload, out Http3ProtocolError error)
    {
        if (!TryReadSingleVarInt(payload, out ulong id, out error))
            return false;
        if (!_state.IsServer && id % 4 != 0)
            return Fail(out error, Http3ErrorCode.IdError, "GOAWAY with a stream ID that is not client bidirectional");
        if (_state.GoAwayId is ulong previous && id > previous)
            return Fail(out error, Http3ErrorCode.IdError, "GOAWAY identifier increased");
        _state.GoAwayId = id;
        _handler.OnGoAway(id);
        return true;
    }

    // §7.2.7: only clients send MAX_PUSH_ID, and it never decreases.
    private bool OnMaxPushId(ReadOnlySpan<byte> payload, out Http3ProtocolError error)
    {
        if (!_state.IsServer)
            return Fail(out error, Http3ErrorCode.FrameUnexpected, "MAX_PUSH_ID received by a client");
        if (!TryReadSingleVarInt(payload, out ulong id, out error))
            return false;
        if (_state.MaxPushId is ulong previous && id < previous)
            return Fail(out error, Http3ErrorCode.IdError, "MAX_PUSH_ID decreased");
        _state.MaxPushId = id;
        return true;
    }

    // §7.1: a payload with more or fewer bytes than its fields is H3_FRAME_ERROR.
    private static bool TryReadSingleVarInt(ReadOnlySpan<byte> payload, out ulong value, out Http3ProtocolError error)
    {
        error = default;
        if (Http3VarInt.TryRead(payload, out value, out int length) && length == payload.Length)
            return true;
        return Fail(out error, Http3ErrorCode.FrameError, "frame payload is not one varint");
    }

    private static bool Fail(out Http3ProtocolError error, Http3ErrorCode code, string reason)
    {
        error = Http3ProtocolError.Connection(code, reason);
        return false;
    }
}
