namespace QuicKestrel.Protocol.Wire;

/// <summary>DATAGRAM (RFC 9221 §4): 0x30 runs to the end of the packet, 0x31 carries a Length.</summary>
internal readonly ref struct DatagramFrame
{
    public DatagramFrame(ReadOnlySpan<byte> data) => Data = data;

    public ReadOnlySpan<byte> Data { get; }

    public int GetEncodedLength(bool withLength = true) => GetEncodedLength(Data.Length, withLength);

    public static int GetEncodedLength(int dataLength, bool withLength) =>
        1 + (withLength ? VarInt.GetLength((ulong)dataLength) : 0) + dataLength;

    /// <summary>Writes the frame; without a Length field it must be the packet's last frame.</summary>
    public bool TryWrite(Span<byte> destination, out int bytesWritten, bool withLength = true)
    {
        var writer = new SpanWriter(destination);
        bool ok = writer.TryWriteByte((byte)(withLength ? RawFrameTypes.DatagramWithLength : (ulong)FrameType.Datagram))
            && (!withLength || writer.TryWriteVarInt((ulong)Data.Length))
            && writer.TryWriteBytes(Data);
        bytesWritten = ok ? writer.Position : 0;
        return ok;
    }

    internal static bool TryRead(scoped ref SpanReader reader, ulong rawType, out Frame frame, out QuicError error)
    {
        ReadOnlySpan<byte> data;
        if (rawType == RawFrameTypes.DatagramWithLength)
        {
            if (!reader.TryReadLengthPrefixedBytes(out data))
                return FrameParse.Fail(rawType, FrameParse.Truncated, out frame, out error);
        }
        else
        {
            data = reader.ReadRemaining();
        }
        return FrameParse.Succeed(new Frame(FrameType.Datagram, rawType, bytes0: data), out frame, out error);
    }
}
