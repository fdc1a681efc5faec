namespace QuicKestrel.Protocol.Streams;

/// <summary>
/// One STREAM frame's worth of a stream's data: what to send next, and what the connection
/// records in its sent-packet entry so an ACK or loss of that frame can be applied later
/// without allocating (<see cref="StreamManager.OnStreamFrameAcked"/>, <see cref="StreamManager.OnStreamFrameLost"/>).
/// A zero-length chunk with <see cref="Fin"/> set carries only the FIN.
/// </summary>
internal readonly record struct StreamChunk(long StreamId, long Offset, int Length, bool Fin)
{
    /// <summary>The offset just past the chunk's data.</summary>
    public long End => Offset + Length;

    /// <summary>
    /// The same chunk cut to at most <paramref name="maxLength"/> bytes; a cut chunk loses its FIN,
    /// which then goes with the rest. Use after computing the frame header size for a packet.
    /// </summary>
    public StreamChunk Truncate(int maxLength)
    {
        if (maxLength < 0)
            maxLength = 0;
        return Length <= maxLength ? this : new StreamChunk(StreamId, Offset, maxLength, false);
    }
}
