using QuicKestrel.Protocol.Streams;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Tests.Streams;

/// <summary>
/// A test stand-in for a packet: the stream-layer frames one packet carried, recorded exactly as
/// the connection will record them, with the STREAM payload bytes copied into a reusable buffer.
/// </summary>
internal sealed class FramePacket
{
    // Rough per-frame overheads, as a packet builder would compute from varint sizes.
    public const int StreamHeaderBytes = 25;
    public const int ControlFrameBytes = 20;

    public readonly List<StreamControlFrame> Controls = new(32);
    public readonly List<StreamChunk> Chunks = new(32);
    public readonly List<int> ChunkPayloadOffsets = new(32);
    public readonly byte[] Payload = new byte[4096];
    public int PayloadUsed;

    public bool IsEmpty => Controls.Count == 0 && Chunks.Count == 0;

    public void Clear()
    {
        Controls.Clear();
        Chunks.Clear();
        ChunkPayloadOffsets.Clear();
        PayloadUsed = 0;
    }

    /// <summary>Fills the packet from <paramref name="sender"/> the way the connection's builder will. False if nothing was due.</summary>
    public bool Build(StreamManager sender, int room)
    {
        Clear();
        room = Math.Min(room, Payload.Length);
        while (room >= ControlFrameBytes && sender.TryPeekControlFrame(out StreamControlFrame frame))
        {
            sender.OnControlFrameSent(frame);
            Controls.Add(frame);
            room -= ControlFrameBytes;
        }
        while (room > StreamHeaderBytes && sender.TryPeekStreamFrame(out StreamChunk chunk))
        {
            chunk = chunk.Truncate(room - StreamHeaderBytes);
            if (chunk.Length == 0 && !chunk.Fin)
                break;
            sender.CopyStreamData(chunk, Payload.AsSpan(PayloadUsed, chunk.Length));
            sender.OnStreamFrameSent(chunk);
            Chunks.Add(chunk);
            ChunkPayloadOffsets.Add(PayloadUsed);
            PayloadUsed += chunk.Length;
            room -= StreamHeaderBytes + chunk.Length;
        }
        return !IsEmpty;
    }

    /// <summary>Hands every frame to the receiving manager; returns the first protocol error.</summary>
    public QuicError Deliver(StreamManager receiver)
    {
        foreach (StreamControlFrame frame in Controls)
        {
            QuicError error = DeliverControl(receiver, frame);
            if (error.IsError)
                return error;
        }
        for (int i = 0; i < Chunks.Count; i++)
        {
            StreamChunk chunk = Chunks[i];
            QuicError error = receiver.OnStreamFrame(chunk.StreamId, chunk.Offset, Payload.AsSpan(ChunkPayloadOffsets[i], chunk.Length), chunk.Fin);
            if (error.IsError)
                return error;
        }
        return QuicError.None;
    }

    public void ReportAcked(StreamManager sender)
    {
        foreach (StreamControlFrame frame in Controls)
            sender.OnControlFrameAcked(frame);
        foreach (StreamChunk chunk in Chunks)
            sender.OnStreamFrameAcked(chunk);
    }

    public void ReportLost(StreamManager sender)
    {
        foreach (StreamControlFrame frame in Controls)
            sender.OnControlFrameLost(frame);
        foreach (StreamChunk chunk in Chunks)
            sender.OnStreamFrameLost(chunk);
    }

    private static QuicError DeliverControl(StreamManager receiver, in StreamControlFrame frame)
    {
        switch (frame.Kind)
        {
            case StreamControlFrameKind.ResetStream:
                return receiver.OnResetStream(frame.StreamId, frame.ErrorCode, frame.Value);
            case StreamControlFrameKind.StopSending:
                return receiver.OnStopSending(frame.StreamId, frame.ErrorCode);
            case StreamControlFrameKind.MaxStreamData:
                return receiver.OnMaxStreamData(frame.StreamId, frame.Value);
            case StreamControlFrameKind.StreamDataBlocked:
                return receiver.OnStreamDataBlocked(frame.StreamId, frame.Value);
            case StreamControlFrameKind.MaxData:
                receiver.OnMaxData(frame.Value);
                return QuicError.None;
            case StreamControlFrameKind.DataBlocked:
                receiver.OnDataBlocked(frame.Value);
                return QuicError.None;
            case StreamControlFrameKind.MaxStreams:
                return receiver.OnMaxStreams(frame.Bidirectional, frame.Value);
            case StreamControlFrameKind.StreamsBlocked:
                return receiver.OnStreamsBlocked(frame.Bidirectional, frame.Value);
            default:
                throw new InvalidOperationException();
        }
    }
}
