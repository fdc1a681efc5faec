using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Connection;

/// <summary>Writes CRYPTO frames (RFC 9000 §19.6) from a level's send stream: lost ranges first, then new bytes.</summary>
internal static class CryptoWriter
{
    public static bool TryWrite(ref PacketWriter writer, CryptoSendStream stream)
    {
        bool wrote = false;
        while (stream.TryGetNext(int.MaxValue, out long offset, out int available))
        {
            int length = CryptoFrame.GetMaxDataLength(writer.Remaining, (ulong)offset, available);
            if (length <= 0)
                break;
            Span<byte> free = writer.Free;
            CryptoFrame.TryWriteHeader(free, (ulong)offset, length, out int header);
            stream.GetData(offset, length).CopyTo(free[header..]);
            writer.Advance(header + length, ackEliciting: true);
            writer.Record(new SentFrame { Kind = SentFrameKind.Crypto, A = offset, Length = length });
            stream.OnSent(offset, length);
            wrote = true;
        }
        return wrote;
    }
}
