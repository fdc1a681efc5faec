using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Connection;

/// <summary>Writes NEW_CONNECTION_ID (RFC 9000 §19.15) for IDs we issue and RETIRE_CONNECTION_ID (§19.16) for the peer's.</summary>
internal static class ConnectionIdWriter
{
    public static bool TryWriteNew(ref PacketWriter writer, LocalConnectionIds ids)
    {
        bool wrote = false;
        while (ids.TryPeekPending(out long sequence, out ConnectionId id, out StatelessResetToken token, out long retirePriorTo))
        {
            var frame = new NewConnectionIdFrame((ulong)sequence, (ulong)retirePriorTo, id.Span, token.Span);
            if (!frame.TryWrite(writer.Free, out int length))
                break;
            ids.OnFrameSent(sequence);
            writer.Advance(length, ackEliciting: true);
            writer.Record(new SentFrame { Kind = SentFrameKind.NewConnectionId, A = sequence });
            wrote = true;
        }
        return wrote;
    }

    public static bool TryWriteRetire(ref PacketWriter writer, PeerConnectionIds ids)
    {
        bool wrote = false;
        while (ids.TryPeekRetirement(out long sequence))
        {
            if (!new RetireConnectionIdFrame((ulong)sequence).TryWrite(writer.Free, out int length))
                break;
            ids.OnRetirementSent(sequence);
            writer.Advance(length, ackEliciting: true);
            writer.Record(new SentFrame { Kind = SentFrameKind.RetireConnectionId, A = sequence });
            wrote = true;
        }
        return wrote;
    }
}
