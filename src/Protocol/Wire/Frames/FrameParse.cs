namespace QuicKestrel.Protocol.Wire;

/// <summary>Shared pieces of the frame parsers: error values and the common failure path.</summary>
internal static class FrameParse
{
    public const string Truncated = "frame truncated";

    /// <summary>Sets a FRAME_ENCODING_ERROR for <paramref name="rawType"/> and returns false.</summary>
    public static bool Fail(ulong rawType, string reason, out Frame frame, out QuicError error)
    {
        frame = default;
        error = QuicError.FrameEncoding(rawType, reason);
        return false;
    }

    /// <summary>Sets the frame, clears the error and returns true.</summary>
    public static bool Succeed(Frame parsed, out Frame frame, out QuicError error)
    {
        frame = parsed;
        error = default;
        return true;
    }

    /// <summary>RFC 9000 §19.6, §19.8: offset plus length must stay within 2^62-1.</summary>
    public static bool IsWithinStreamLimit(ulong offset, int length) =>
        offset <= WireLimits.MaxStreamOffset && (ulong)length <= WireLimits.MaxStreamOffset - offset;

    /// <summary>Reads a frame body of one varint no larger than <paramref name="maximum"/>.</summary>
    public static bool TryReadSingleValue(
        scoped ref SpanReader reader, FrameType type, ulong rawType, ulong maximum, out Frame frame, out QuicError error)
    {
        if (!reader.TryReadVarInt(out ulong value))
            return Fail(rawType, Truncated, out frame, out error);
        if (value > maximum)
            return Fail(rawType, "value out of range", out frame, out error);
        return Succeed(new Frame(type, rawType, value), out frame, out error);
    }

    /// <summary>Reads a frame body of two varints.</summary>
    public static bool TryReadTwoValues(scoped ref SpanReader reader, FrameType type, ulong rawType, out Frame frame, out QuicError error)
    {
        if (!reader.TryReadVarInt(out ulong first) || !reader.TryReadVarInt(out ulong second))
            return Fail(rawType, Truncated, out frame, out error);
        return Succeed(new Frame(type, rawType, first, second), out frame, out error);
    }
}
