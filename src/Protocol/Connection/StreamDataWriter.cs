using QuicKestrel.Protocol.Streams;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Connection;

/// <summary>
/// Writes STREAM frames (RFC 9000 §19.8) in the stream scheduler's order, copying the data
/// straight from the send buffers into the packet.
/// </summary>
internal static class StreamDataWriter
{
    /// <summary>Below this much room a new STREAM frame is not worth starting.</summary>
    private const int MinimumUsefulRoom = 16;

    public static bool TryWrite(ref PacketWriter writer, StreamManager streams)
    {
        bool wrote = false;
        while (writer.Remaining >= MinimumUsefulRoom && streams.TryPeekStreamFrame(out StreamChunk chunk))
        {
            int length = StreamFrame.GetMaxDataLength(writer.Remaining, (ulong)chunk.StreamId, (ulong)chunk.Offset, chunk.Length, withLength: true);
            if (length < 0 || (length == 0 && chunk.Length > 0))
                break;
            chunk = chunk.Truncate(length);
            Span<byte> free = writer.Free;
            StreamFrame.TryWriteHeader(free, (ulong)chunk.StreamId, (ulong)chunk.Offset, chunk.Length, chunk.Fin, withLength: true, out int header);
            streams.CopyStreamData(chunk, free.Slice(header, chunk.Length));
            streams.OnStreamFrameSent(chunk);
            writer.Advance(header + chunk.Length, ackEliciting: true);
            writer.Record(SentFrame.ForChunk(chunk));
            wrote = true;
        }
        return wrote;
    }
}
