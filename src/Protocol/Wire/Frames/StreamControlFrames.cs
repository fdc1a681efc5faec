namespace QuicKestrel.Protocol.Wire;

/// <summary>RESET_STREAM (RFC 9000 §19.4): the sender abandons a stream's send side at <see cref="FinalSize"/>.</summary>
internal readonly record struct ResetStreamFrame(ulong StreamId, ulong ApplicationErrorCode, ulong FinalSize)
{
    public int EncodedLength =>
        1 + VarInt.GetLength(StreamId) + VarInt.GetLength(ApplicationErrorCode) + VarInt.GetLength(FinalSize);

    public bool TryWrite(Span<byte> destination, out int bytesWritten)
    {
        var writer = new SpanWriter(destination);
        bool ok = writer.TryWriteByte((byte)FrameType.ResetStream)
            && writer.TryWriteVarInt(StreamId)
            && writer.TryWriteVarInt(ApplicationErrorCode)
            && writer.TryWriteVarInt(FinalSize);
        bytesWritten = ok ? writer.Position : 0;
        return ok;
    }

    internal static bool TryRead(scoped ref SpanReader reader, ulong rawType, out Frame frame, out QuicError error)
    {
        if (!reader.TryReadVarInt(out ulong streamId)
            || !reader.TryReadVarInt(out ulong errorCode)
            || !reader.TryReadVarInt(out ulong finalSize))
            return FrameParse.Fail(rawType, FrameParse.Truncated, out frame, out error);
        return FrameParse.Succeed(new Frame(FrameType.ResetStream, rawType, streamId, errorCode, finalSize), out frame, out error);
    }
}

/// <summary>STOP_SENDING (RFC 9000 §19.5): the receiver asks the peer to stop sending on a stream.</summary>
internal readonly record struct StopSendingFrame(ulong StreamId, ulong ApplicationErrorCode)
{
    public int EncodedLength => 1 + VarInt.GetLength(StreamId) + VarInt.GetLength(ApplicationErrorCode);

    public bool TryWrite(Span<byte> destination, out int bytesWritten)
    {
        var writer = new SpanWriter(destination);
        bool ok = writer.TryWriteByte((byte)FrameType.StopSending)
            && writer.TryWriteVarInt(StreamId)
            && writer.TryWriteVarInt(ApplicationErrorCode);
        bytesWritten = ok ? writer.Position : 0;
        return ok;
    }

    internal static bool TryRead(scoped ref SpanReader reader, ulong rawType, out Frame frame, out QuicError error)
    {
        if (!reader.TryReadVarInt(out ulong streamId) || !reader.TryReadVarInt(out ulong errorCode))
            return FrameParse.Fail(rawType, FrameParse.Truncated, out frame, out error);
        return FrameParse.Succeed(new Frame(FrameType.StopSending, rawType, streamId, errorCode), out frame, out error);
    }
}
