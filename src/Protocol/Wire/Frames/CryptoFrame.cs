namespace QuicKestrel.Protocol.Wire;

/// <summary>A CRYPTO frame (RFC 9000 §19.6): handshake bytes at an offset of the level's crypto stream.</summary>
internal readonly ref struct CryptoFrame
{
    public CryptoFrame(ulong offset, ReadOnlySpan<byte> data)
    {
        Offset = offset;
        Data = data;
    }

    public ulong Offset { get; }

    public ReadOnlySpan<byte> Data { get; }

    public ulong EndOffset => Offset + (ulong)Data.Length;

    public int EncodedLength => GetHeaderLength(Offset, Data.Length) + Data.Length;

    public bool TryWrite(Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        if (!TryWriteHeader(destination, Offset, Data.Length, out int headerLength)
            || !Data.TryCopyTo(destination[headerLength..]))
            return false;
        bytesWritten = headerLength + Data.Length;
        return true;
    }

    public static int GetHeaderLength(ulong offset, int dataLength) =>
        1 + VarInt.GetLength(offset) + VarInt.GetLength((ulong)dataLength);

    /// <summary>Writes type, offset and length; the caller copies the data in after them.</summary>
    public static bool TryWriteHeader(Span<byte> destination, ulong offset, int dataLength, out int headerLength)
    {
        if (!FrameParse.IsWithinStreamLimit(offset, dataLength))
            throw new ArgumentOutOfRangeException(nameof(offset), "Crypto data cannot extend past 2^62-1.");
        headerLength = 0;
        var writer = new SpanWriter(destination);
        if (!writer.TryWriteByte((byte)FrameType.Crypto)
            || !writer.TryWriteVarInt(offset)
            || !writer.TryWriteVarInt((ulong)dataLength)
            || writer.Remaining < dataLength)
            return false;
        headerLength = writer.Position;
        return true;
    }

    /// <summary>How many data bytes (at most <paramref name="available"/>) fit in <paramref name="room"/>; -1 when none.</summary>
    public static int GetMaxDataLength(int room, ulong offset, int available) =>
        DataFit.MaxDataLength(room - 1 - VarInt.GetLength(offset), available, withLength: true);

    internal static bool TryRead(scoped ref SpanReader reader, ulong rawType, out Frame frame, out QuicError error)
    {
        if (!reader.TryReadVarInt(out ulong offset) || !reader.TryReadLengthPrefixedBytes(out ReadOnlySpan<byte> data))
            return FrameParse.Fail(rawType, FrameParse.Truncated, out frame, out error);
        // RFC 9000 §19.6: FRAME_ENCODING_ERROR (or CRYPTO_BUFFER_EXCEEDED) past 2^62-1.
        if (!FrameParse.IsWithinStreamLimit(offset, data.Length))
            return FrameParse.Fail(rawType, "crypto data beyond 2^62-1", out frame, out error);
        return FrameParse.Succeed(new Frame(FrameType.Crypto, rawType, offset, bytes0: data), out frame, out error);
    }
}
