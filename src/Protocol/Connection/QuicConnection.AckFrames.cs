using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Connection;

// ACK frames received (RFC 9000 §19.3, RFC 9002 §5–§7): handed to loss recovery, which reports
// each newly acknowledged or lost packet back through the ISentPacketListener (QuicConnection.Recovery.cs).
internal sealed partial class QuicConnection
{
    /// <summary>
    /// Ranges taken from one ACK frame. Older ranges beyond this are ignored: their packets are
    /// either acknowledged again later or declared lost and resent, both harmless.
    /// </summary>
    private const int MaxAckRangesProcessed = 256;

    private readonly AckRange[] _ackRanges = new AckRange[MaxAckRangesProcessed];
    private int _peerAckDelayExponent = (int)TransportParameters.DefaultAckDelayExponent;

    private QuicError OnAckFrame(long now, PacketSpace space, in AckFrame ack)
    {
        // RFC 9000 §13.1: acknowledging a packet never sent is a PROTOCOL_VIOLATION.
        if (ack.LargestAcknowledged >= space.NextPacketNumber)
            return QuicError.ProtocolViolation((ulong)FrameType.Ack, "ACK of a packet never sent");
        // Loss recovery tracks only packets with something to resend; ACK-only packets above the
        // last tracked one are clipped away.
        long tracked = space.LargestTrackedPacketNumber;
        int count = 0;
        foreach (AckRange range in ack.Ranges)
        {
            if (count == MaxAckRangesProcessed)
                break;
            if (range.Smallest > tracked)
                continue;
            _ackRanges[count++] = new AckRange(range.Smallest, Math.Min(range.Largest, tracked));
        }
        if (ack.LargestAcknowledged > space.LargestAckedSent)
            space.LargestAckedSent = ack.LargestAcknowledged;
        if (count == 0)
            return QuicError.None;
        ReadOnlySpan<AckRange> ranges = _ackRanges.AsSpan(0, count);
        long ackDelay = ack.GetAckDelayMicros(_peerAckDelayExponent);
        return ack.HasEcnCounts
            ? _recovery.OnAckReceived(space.Id, ranges, ackDelay, ack.EcnCounts, now)
            : _recovery.OnAckReceived(space.Id, ranges, ackDelay, now);
    }
}
