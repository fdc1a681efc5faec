namespace QuicKestrel.Protocol.Streams;

/// <summary>The stream-related control frames the stream layer asks the connection to send.</summary>
internal enum StreamControlFrameKind : byte
{
    /// <summary>RESET_STREAM (0x04): StreamId, ErrorCode, Value = final size.</summary>
    ResetStream,
    /// <summary>STOP_SENDING (0x05): StreamId, ErrorCode.</summary>
    StopSending,
    /// <summary>MAX_STREAM_DATA (0x11): StreamId, Value = maximum stream data.</summary>
    MaxStreamData,
    /// <summary>STREAM_DATA_BLOCKED (0x15): StreamId, Value = the limit we are blocked at.</summary>
    StreamDataBlocked,
    /// <summary>MAX_DATA (0x10): Value = maximum data.</summary>
    MaxData,
    /// <summary>DATA_BLOCKED (0x14): Value = the limit we are blocked at.</summary>
    DataBlocked,
    /// <summary>MAX_STREAMS (0x12 bidirectional / 0x13 unidirectional): Value = maximum streams.</summary>
    MaxStreams,
    /// <summary>STREAMS_BLOCKED (0x16 bidirectional / 0x17 unidirectional): Value = the limit we are blocked at.</summary>
    StreamsBlocked,
}

/// <summary>
/// A control frame to send, as plain values; the connection encodes it, and keeps this value in
/// its sent-packet record to report ACK or loss back (<see cref="StreamManager.OnControlFrameAcked"/>,
/// <see cref="StreamManager.OnControlFrameLost"/>). Fields not used by a kind are zero.
/// </summary>
internal readonly record struct StreamControlFrame(
    StreamControlFrameKind Kind,
    long StreamId,
    ulong ErrorCode,
    long Value,
    bool Bidirectional)
{
    public static StreamControlFrame ResetStream(long streamId, ulong errorCode, long finalSize) =>
        new(StreamControlFrameKind.ResetStream, streamId, errorCode, finalSize, false);

    public static StreamControlFrame StopSending(long streamId, ulong errorCode) =>
        new(StreamControlFrameKind.StopSending, streamId, errorCode, 0, false);

    public static StreamControlFrame MaxStreamData(long streamId, long maximum) =>
        new(StreamControlFrameKind.MaxStreamData, streamId, 0, maximum, false);

    public static StreamControlFrame StreamDataBlocked(long streamId, long limit) =>
        new(StreamControlFrameKind.StreamDataBlocked, streamId, 0, limit, false);

    public static StreamControlFrame MaxData(long maximum) =>
        new(StreamControlFrameKind.MaxData, 0, 0, maximum, false);

    public static StreamControlFrame DataBlocked(long limit) =>
        new(StreamControlFrameKind.DataBlocked, 0, 0, limit, false);

    public static StreamControlFrame MaxStreams(bool bidirectional, long maximum) =>
        new(StreamControlFrameKind.MaxStreams, 0, 0, maximum, bidirectional);

    public static StreamControlFrame StreamsBlocked(bool bidirectional, long limit) =>
        new(StreamControlFrameKind.StreamsBlocked, 0, 0, limit, bidirectional);

    /// <summary>True for the kinds that name a stream.</summary>
    public bool IsPerStream => Kind <= StreamControlFrameKind.StreamDataBlocked;
}
