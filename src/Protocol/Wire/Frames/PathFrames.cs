namespace QuicKestrel.Protocol.Wire;

/// <summary>PATH_CHALLENGE (RFC 9000 §19.17); the 8 data bytes are held as a big-endian <see cref="ulong"/>.</summary>
internal readonly record struct PathChallengeFrame(ulong Data)
{
    public const int EncodedLength = 9;

    public bool TryWrite(Span<byte> destination, out int bytesWritten) =>
        PathFrames.TryWrite(destination, FrameType.PathChallenge, Data, out bytesWritten);

    internal static bool TryRead(scoped ref SpanReader reader, ulong rawType, out Frame frame, out QuicError error) =>
        PathFrames.TryRead(ref reader, FrameType.PathChallenge, rawType, out frame, out error);
}

/// <summary>PATH_RESPONSE (RFC 9000 §19.18): echoes a PATH_CHALLENGE's data.</summary>
internal readonly record struct PathResponseFrame(ulong Data)
{
    public const int EncodedLength = 9;

    public bool TryWrite(Span<byte> destination, out int bytesWritten) =>
        PathFrames.TryWrite(destination, FrameType.PathResponse, Data, out bytesWritten);

    internal static bool TryRead(scoped ref SpanReader reader, ulong rawType, out Frame frame, out QuicError error) =>
        PathFrames.TryRead(ref reader, FrameType.PathResponse, rawType, out frame, out error);
}

internal static class PathFrames
{
    public static bool TryWrite(Span<byte> destination, FrameType type, ulong data, out int bytesWritten)
    {
        var writer = new SpanWriter(destination);
        bool ok = writer.Remaining >= 9 && writer.TryWriteByte((byte)type) && writer.TryWriteUInt64(data);
        bytesWritten = ok ? writer.Position : 0;
        return ok;
    }

    public static bool TryRead(scoped ref SpanReader reader, FrameType type, ulong rawType, out Frame frame, out QuicError error)
    {
        if (!reader.TryReadUInt64(out ulong data))
            return FrameParse.Fail(rawType, FrameParse.Truncated, out frame, out error);
        return FrameParse.Succeed(new Frame(type, rawType, data), out frame, out error);
    }
}
