using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Streams;

/// <summary>DATAGRAM frame size rules (RFC 9221 §3, §4, §5).</summary>
internal static class DatagramLimits
{
    /// <summary>
    /// Largest payload whose DATAGRAM frame (type byte, varint length, payload) fits in
    /// <paramref name="maxFrameSize"/> bytes; max_datagram_frame_size counts the whole frame.
    /// </summary>
    public static int MaxPayloadForFrameSize(long maxFrameSize)
    {
        long best = 0;
        for (int lengthBytes = 1; lengthBytes <= 8; lengthBytes *= 2)
        {
            long payload = maxFrameSize - 1 - lengthBytes;
            long fitsInVarint = (1L << (8 * lengthBytes - 2)) - 1;
            best = Math.Max(best, Math.Min(payload, fitsInVarint));
        }
        return (int)Math.Clamp(best, 0, int.MaxValue);
    }

    /// <summary>
    /// Checks a received DATAGRAM frame of <paramref name="frameSize"/> bytes against the
    /// max_datagram_frame_size we advertised (0 = not supported): PROTOCOL_VIOLATION otherwise.
    /// </summary>
    public static QuicError ValidateReceived(long frameSize, long localMaxFrameSize)
    {
        if (localMaxFrameSize <= 0)
            return StreamErrors.ProtocolViolation(StreamFrameTypes.Datagram, "DATAGRAM frame without max_datagram_frame_size");
        if (frameSize > localMaxFrameSize)
            return StreamErrors.ProtocolViolation(StreamFrameTypes.Datagram, "DATAGRAM frame larger than max_datagram_frame_size");
        return QuicError.None;
    }
}
