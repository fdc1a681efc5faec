namespace QuicKestrel.Protocol.Wire;

/// <summary>NEW_CONNECTION_ID (RFC 9000 §19.15).</summary>
internal readonly ref struct NewConnectionIdFrame
{
    public NewConnectionIdFrame(ulong sequenceNumber, ulong retirePriorTo, ReadOnlySpan<byte> connectionId, ReadOnlySpan<byte> statelessResetToken)
    {
        SequenceNumber = sequenceNumber;
        RetirePriorTo = retirePriorTo;
        ConnectionId = connectionId;
        StatelessResetToken = statelessResetToken;
    }

    public ulong SequenceNumber { get; }

    public ulong RetirePriorTo { get; }

    /// <summary>1 to 20 bytes.</summary>
    public ReadOnlySpan<byte> ConnectionId { get; }

    /// <summary>16 bytes.</summary>
    public ReadOnlySpan<byte> StatelessResetToken { get; }

    public int EncodedLength =>
        1 + VarInt.GetLength(SequenceNumber) + VarInt.GetLength(RetirePriorTo) + 1 + ConnectionId.Length
        + WireLimits.StatelessResetTokenLength;

    public bool TryWrite(Span<byte> destination, out int bytesWritten)
    {
        if (ConnectionId.Length is < 1 or > WireLimits.MaxConnectionIdLength
            || StatelessResetToken.Length != WireLimits.StatelessResetTokenLength
            || RetirePriorTo > SequenceNumber)
            throw new InvalidOperationException("NEW_CONNECTION_ID needs a 1-20 byte ID, a 16-byte token and Retire Prior To <= Sequence Number.");
        var writer = new SpanWriter(destination);
        bool ok = writer.TryWriteByte((byte)FrameType.NewConnectionId)
            && writer.TryWriteVarInt(SequenceNumber)
            && writer.TryWriteVarInt(RetirePriorTo)
            && PacketHeaderWriter.TryWriteConnectionId(ref writer, ConnectionId)
            && writer.TryWriteBytes(StatelessResetToken);
        bytesWritten = ok ? writer.Position : 0;
        return ok;
    }

    internal static bool TryRead(scoped ref SpanReader reader, ulong rawType, out Frame frame, out QuicError error)
    {
        if (!reader.TryReadVarInt(out ulong sequence)
            || !reader.TryReadVarInt(out ulong retirePriorTo)
            || !reader.TryReadByte(out byte length))
            return FrameParse.Fail(rawType, FrameParse.Truncated, out frame, out error);
        // RFC 9000 §19.15: a length outside 1..20 or Retire Prior To above Sequence Number is a FRAME_ENCODING_ERROR.
        if (length is < 1 or > WireLimits.MaxConnectionIdLength)
            return FrameParse.Fail(rawType, "connection ID length outside 1..20", out frame, out error);
        if (!reader.TryReadBytes(length, out ReadOnlySpan<byte> connectionId)
            || !reader.TryReadBytes(WireLimits.StatelessResetTokenLength, out ReadOnlySpan<byte> token))
            return FrameParse.Fail(rawType, FrameParse.Truncated, out frame, out error);
        if (retirePriorTo > sequence)
            return FrameParse.Fail(rawType, "Retire Prior To above Sequence Number", out frame, out error);
        var parsed = new Frame(FrameType.NewConnectionId, rawType, sequence, retirePriorTo, bytes0: connectionId, bytes1: token);
        return FrameParse.Succeed(parsed, out frame, out error);
    }
}
