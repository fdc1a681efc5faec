using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Connection;

/// <summary>Writes the ACK frame of a space (RFC 9000 §19.3), with ECN counts once any ECN mark was received.</summary>
internal static class AckWriter
{
    public static bool TryWrite(ref PacketWriter writer, AckTracker tracker, long now, int ackDelayExponent)
    {
        ReadOnlySpan<AckRange> ranges = tracker.Received.Ranges;
        if (ranges.IsEmpty)
            return false;
        // RFC 9000 §13.2.5: Initial and Handshake ACKs report no delay worth using; 0 is fine there.
        ulong delay = writer.PacketType is PacketType.Initial or PacketType.Handshake
            ? 0
            : AckFrameWriter.EncodeAckDelay(tracker.AckDelayMicros(now), ackDelayExponent);
        EcnCounts? ecn = tracker.HasEcnCounts ? tracker.EcnCounts : null;
        if (!AckFrameWriter.TryWrite(writer.Free, ranges, delay, ecn, out int written, out _, ReceivedPacketSet.MaxRanges))
            return false;
        writer.Advance(written, ackEliciting: false);
        writer.SetAckLargest(ranges[0].Largest);
        writer.Record(new SentFrame { Kind = SentFrameKind.Ack, A = ranges[0].Largest });
        tracker.OnAckSent();
        return true;
    }
}
