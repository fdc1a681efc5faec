using QuicKestrel.Protocol.Streams;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Connection;

/// <summary>
/// Writes the stream layer's control frames (RFC 9000 §19.4–§19.5, §19.9–§19.14): MAX_DATA,
/// MAX_STREAMS, DATA_BLOCKED, STREAMS_BLOCKED, RESET_STREAM, STOP_SENDING, MAX_STREAM_DATA and
/// STREAM_DATA_BLOCKED, each with the value current when the packet is built.
/// </summary>
internal static class StreamControlWriter
{
    public static bool TryWrite(ref PacketWriter writer, StreamManager streams)
    {
        bool wrote = false;
        while (streams.TryPeekControlFrame(out StreamControlFrame frame))
        {
            if (!TryEncode(writer.Free, frame, out int length))
                break;
            streams.OnControlFrameSent(frame);
            writer.Advance(length, ackEliciting: true);
            writer.Record(SentFrame.ForControl(frame));
            wrote = true;
        }
        return wrote;
    }

    private static bool TryEncode(Span<byte> destination, in StreamControlFrame frame, out int length) => frame.Kind switch
    {
        StreamControlFrameKind.ResetStream =>
            new ResetStreamFrame((ulong)frame.StreamId, frame.ErrorCode, (ulong)frame.Value).TryWrite(destination, out length),
        StreamControlFrameKind.StopSending =>
            new StopSendingFrame((ulong)frame.StreamId, frame.ErrorCode).TryWrite(destination, out length),
        StreamControlFrameKind.MaxStreamData =>
            new MaxStreamDataFrame((ulong)frame.StreamId, (ulong)frame.Value).TryWrite(destination, out length),
        StreamControlFrameKind.StreamDataBlocked =>
            new StreamDataBlockedFrame((ulong)frame.StreamId, (ulong)frame.Value).TryWrite(destination, out length),
        StreamControlFrameKind.MaxData => new MaxDataFrame((ulong)frame.Value).TryWrite(destination, out length),
        StreamControlFrameKind.DataBlocked => new DataBlockedFrame((ulong)frame.Value).TryWrite(destination, out length),
        StreamControlFrameKind.MaxStreams => new MaxStreamsFrame(frame.Bidirectional, (ulong)frame.Value).TryWrite(destination, out length),
        _ => new StreamsBlockedFrame(frame.Bidirectional, (ulong)frame.Value).TryWrite(destination, out length),
    };
}
