namespace QuicKestrel.Protocol.Wire;

/// <summary>A STREAM frame (RFC 9000 §19.8), types 0x08-0x0f.</summary>
internal readonly ref struct StreamFrame
{
    public StreamFrame(ulong streamId, ulong offset, ReadOnlySpan<byte> data, bool fin)
    {
        StreamId = streamId;
        Offset = offset;
        Data = data;
        Fin = fin;
    }

    public ulong StreamId { get; }

    public ulong Offset { get; }

    public ReadOnlySpan<byte> Data { get; }

    public bool Fin { get; }

    /// <summary>The offset just past this frame's data.</summary>
    public ulong EndOffset => Offset + (ulong)Data.Length;

    public int GetEncodedLength(bool withLength = true) =>
        GetHeaderLength(StreamId, Offset, Data.Length, withLength) + Data.Length;

    /// <summary>
    /// Writes the frame. Without a Length field (<paramref name="withLength"/> false) the data runs
    /// to the end of the packet, so such a frame must be the packet's last.
    /// </summary>
    public bool TryWrite(Span<byte> destination, out int bytesWritten, bool withLength = true)
    {
        bytesWritten = 0;
        if (!TryWriteHeader(destination, StreamId, Offset, Data.Length, Fin, withLength, out int headerLength)
            || !Data.TryCopyTo(destination[headerLength..]))
            return false;
        bytesWritten = headerLength + Data.Length;
        return true;
    }

    /// <summary>Header size: type, stream ID, Offset when non-zero, and Length when requested.</summary>
    public static int GetHeaderLength(ulong streamId, ulong offset, int dataLength, bool withLength) =>
        1 + VarInt.GetLength(streamId)
        + (offset != 0 ? VarInt.GetLength(offset) : 0)
        + (withLength ? VarInt.GetLength((ulong)dataLength) : 0);

    /// <summary>
    /// Writes only the header, so the packet builder can copy the data in after it straight from
    /// the send buffer. The Offset field is left out when <paramref name="offset"/> is 0.
    /// </summary>
    public static bool TryWriteHeader(
        Span<byte> destination, ulong streamId, ulong offset, int dataLength, bool fin, bool withLength, out int headerLength)
    {
        if (!FrameParse.IsWithinStreamLimit(offset, dataLength))
            throw new ArgumentOutOfRangeException(nameof(offset), "Stream data cannot extend past 2^62-1.");
        headerLength = 0;
        ulong type = (ulong)FrameType.Stream
            | (offset != 0 ? RawFrameTypes.StreamOffsetBit : 0)
            | (withLength ? RawFrameTypes.StreamLengthBit : 0)
            | (fin ? RawFrameTypes.StreamFinBit : 0);
        var writer = new SpanWriter(destination);
        if (!writer.TryWriteByte((byte)type)
            || !writer.TryWriteVarInt(streamId)
            || (offset != 0 && !writer.TryWriteVarInt(offset))
            || (withLength && !writer.TryWriteVarInt((ulong)dataLength))
            || writer.Remaining < dataLength)
            return false;
        headerLength = writer.Position;
        return true;
    }

    /// <summary>
    /// How many data bytes (at most <paramref name="available"/>) a STREAM frame can carry in
    /// <paramref name="room"/> bytes; -1 when not even an empty frame fits.
    /// </summary>
    public static int GetMaxDataLength(int room, ulong streamId, ulong offset, int available, bool withLength)
    {
        int header = GetHeaderLength(streamId, offset, 0, withLength: false);
        return DataFit.MaxDataLength(room - header, available, withLength);
    }

    internal static bool TryRead(scoped ref SpanReader reader, ulong rawType, out Frame frame, out QuicError error)
    {
        ulong offset = 0;
        ReadOnlySpan<byte> data;
        if (!reader.TryReadVarInt(out ulong streamId)
            || ((rawType & RawFrameTypes.StreamOffsetBit) != 0 && !reader.TryReadVarInt(out offset)))
            return FrameParse.Fail(rawType, FrameParse.Truncated, out frame, out error);
        if ((rawType & RawFrameTypes.StreamLengthBit) != 0)
        {
            if (!reader.TryReadLengthPrefixedBytes(out data))
                return FrameParse.Fail(rawType, FrameParse.Truncated, out frame, out error);
        }
        else
        {
            data = reader.ReadRemaining();
        }
        if (!FrameParse.IsWithinStreamLimit(offset, data.Length))
            return FrameParse.Fail(rawType, "stream data beyond 2^62-1", out frame, out error);
        return FrameParse.Succeed(new Frame(FrameType.Stream, rawType, streamId, offset, bytes0: data), out frame, out error);
    }
}
