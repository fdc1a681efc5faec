using QuicKestrel.Protocol.Streams;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Connection;

/// <summary>Writes queued DATAGRAM frames (RFC 9221 §4); never retransmitted, so only the queue's token is recorded.</summary>
internal static class DatagramWriter
{
    public static bool TryWrite(ref PacketWriter writer, DatagramSendQueue queue)
    {
        bool wrote = false;
        while (queue.TryPeek(out ReadOnlySpan<byte> data))
        {
            if (!new DatagramFrame(data).TryWrite(writer.Free, out int length))
                break;
            long token = queue.OnSent();
            writer.Advance(length, ackEliciting: true);
            writer.Record(new SentFrame { Kind = SentFrameKind.Datagram, A = token });
            wrote = true;
        }
        return wrote;
    }
}
