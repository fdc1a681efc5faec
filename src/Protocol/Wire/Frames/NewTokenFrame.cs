namespace QuicKestrel.Protocol.Wire;

/// <summary>NEW_TOKEN (RFC 9000 §19.7): a server gives the client a token for future connections.</summary>
internal readonly ref struct NewTokenFrame
{
    public NewTokenFrame(ReadOnlySpan<byte> token) => Token = token;

    public ReadOnlySpan<byte> Token { get; }

    public int EncodedLength => 1 + VarInt.GetLength((ulong)Token.Length) + Token.Length;

    public bool TryWrite(Span<byte> destination, out int bytesWritten)
    {
        if (Token.IsEmpty)
            throw new InvalidOperationException("A NEW_TOKEN token is never empty.");
        var writer = new SpanWriter(destination);
        bool ok = writer.TryWriteByte((byte)FrameType.NewToken)
            && writer.TryWriteVarInt((ulong)Token.Length)
            && writer.TryWriteBytes(Token);
        bytesWritten = ok ? writer.Position : 0;
        return ok;
    }

    internal static bool TryRead(scoped ref SpanReader reader, ulong rawType, out Frame frame, out QuicError error)
    {
        if (!reader.TryReadLengthPrefixedBytes(out ReadOnlySpan<byte> token))
            return FrameParse.Fail(rawType, FrameParse.Truncated, out frame, out error);
        // RFC 9000 §19.7: an empty token is a FRAME_ENCODING_ERROR.
        if (token.IsEmpty)
            return FrameParse.Fail(rawType, "empty NEW_TOKEN token", out frame, out error);
        return FrameParse.Succeed(new Frame(FrameType.NewToken, rawType, bytes0: token), out frame, out error);
    }
}
