namespace QuicKestrel.Protocol.Wire;

/// <summary>MAX_DATA (RFC 9000 §19.9): connection-level flow-control credit.</summary>
internal readonly record struct MaxDataFrame(ulong MaximumData)
{
    public int EncodedLength => 1 + VarInt.GetLength(MaximumData);

    public bool TryWrite(Span<byte> destination, out int bytesWritten) =>
        FrameWriting.TryWriteTypeAndValue(destination, FrameType.MaxData, MaximumData, out bytesWritten);

    internal static bool TryRead(scoped ref SpanReader reader, ulong rawType, out Frame frame, out QuicError error) =>
        FrameParse.TryReadSingleValue(ref reader, FrameType.MaxData, rawType, ulong.MaxValue, out frame, out error);
}

/// <summary>MAX_STREAM_DATA (RFC 9000 §19.10): stream-level flow-control credit.</summary>
internal readonly record struct MaxStreamDataFrame(ulong StreamId, ulong MaximumStreamData)
{
    public int EncodedLength => 1 + VarInt.GetLength(StreamId) + VarInt.GetLength(MaximumStreamData);

    public bool TryWrite(Span<byte> destination, out int bytesWritten) =>
        FrameWriting.TryWriteTypeAndTwoValues(destination, FrameType.MaxStreamData, StreamId, MaximumStreamData, out bytesWritten);

    internal static bool TryRead(scoped ref SpanReader reader, ulong rawType, out Frame frame, out QuicError error) =>
        FrameParse.TryReadTwoValues(ref reader, FrameType.MaxStreamData, rawType, out frame, out error);
}

/// <summary>MAX_STREAMS (RFC 9000 §19.11), 0x12 bidirectional or 0x13 unidirectional.</summary>
internal readonly record struct MaxStreamsFrame(bool Bidirectional, ulong MaximumStreams)
{
    public int EncodedLength => 1 + VarInt.GetLength(MaximumStreams);

    public bool TryWrite(Span<byte> destination, out int bytesWritten)
    {
        if (MaximumStreams > WireLimits.MaxStreamCount)
            throw new InvalidOperationException("MAX_STREAMS cannot exceed 2^60.");
        FrameType type = Bidirectional ? FrameType.MaxStreamsBidi : FrameType.MaxStreamsUni;
        return FrameWriting.TryWriteTypeAndValue(destination, type, MaximumStreams, out bytesWritten);
    }

    /// <summary>RFC 9000 §19.11: a count above 2^60 is a FRAME_ENCODING_ERROR.</summary>
    internal static bool TryRead(scoped ref SpanReader reader, ulong rawType, out Frame frame, out QuicError error) =>
        FrameParse.TryReadSingleValue(ref reader, (FrameType)rawType, rawType, WireLimits.MaxStreamCount, out frame, out error);
}

/// <summary>DATA_BLOCKED (RFC 9000 §19.12): the sender is blocked by connection flow control at this limit.</summary>
internal readonly record struct DataBlockedFrame(ulong MaximumData)
{
    public int EncodedLength => 1 + VarInt.GetLength(MaximumData);

    public bool TryWrite(Span<byte> destination, out int bytesWritten) =>
        FrameWriting.TryWriteTypeAndValue(destination, FrameType.DataBlocked, MaximumData, out bytesWritten);

    internal static bool TryRead(scoped ref SpanReader reader, ulong rawType, out Frame frame, out QuicError error) =>
        FrameParse.TryReadSingleValue(ref reader, FrameType.DataBlocked, rawType, ulong.MaxValue, out frame, out error);
}

/// <summary>STREAM_DATA_BLOCKED (RFC 9000 §19.13): the sender is blocked by stream flow control at this limit.</summary>
internal readonly record struct StreamDataBlockedFrame(ulong StreamId, ulong MaximumStreamData)
{
    public int EncodedLength => 1 + VarInt.GetLength(StreamId) + VarInt.GetLength(MaximumStreamData);

    public bool TryWrite(Span<byte> destination, out int bytesWritten) =>
        FrameWriting.TryWriteTypeAndTwoValues(destination, FrameType.StreamDataBlocked, StreamId, MaximumStreamData, out bytesWritten);

    internal static bool TryRead(scoped ref SpanReader reader, ulong rawType, out Frame frame, out QuicError error) =>
        FrameParse.TryReadTwoValues(ref reader, FrameType.StreamDataBlocked, rawType, out frame, out error);
}

/// <summary>STREAMS_BLOCKED (RFC 9000 §19.14), 0x16 bidirectional or 0x17 unidirectional.</summary>
internal readonly record struct StreamsBlockedFrame(bool Bidirectional, ulong MaximumStreams)
{
    public int EncodedLength => 1 + VarInt.GetLength(MaximumStreams);

    public bool TryWrite(Span<byte> destination, out int bytesWritten)
    {
        if (MaximumStreams > WireLimits.MaxStreamCount)
            throw new InvalidOperationException("STREAMS_BLOCKED cannot exceed 2^60.");
        FrameType type = Bidirectional ? FrameType.StreamsBlockedBidi : FrameType.StreamsBlockedUni;
        return FrameWriting.TryWriteTypeAndValue(destination, type, MaximumStreams, out bytesWritten);
    }

    /// <summary>RFC 9000 §19.14: a limit above 2^60 is a FRAME_ENCODING_ERROR (or STREAM_LIMIT_ERROR).</summary>
    internal static bool TryRead(scoped ref SpanReader reader, ulong rawType, out Frame frame, out QuicError error) =>
        FrameParse.TryReadSingleValue(ref reader, (FrameType)rawType, rawType, WireLimits.MaxStreamCount, out frame, out error);
}

/// <summary>RETIRE_CONNECTION_ID (RFC 9000 §19.16).</summary>
internal readonly record struct RetireConnectionIdFrame(ulong SequenceNumber)
{
    public int EncodedLength => 1 + VarInt.GetLength(SequenceNumber);

    public bool TryWrite(Span<byte> destination, out int bytesWritten) =>
        FrameWriting.TryWriteTypeAndValue(destination, FrameType.RetireConnectionId, SequenceNumber, out bytesWritten);

    internal static bool TryRead(scoped ref SpanReader reader, ulong rawType, out Frame frame, out QuicError error) =>
        FrameParse.TryReadSingleValue(ref reader, FrameType.RetireConnectionId, rawType, ulong.MaxValue, out frame, out error);
}
