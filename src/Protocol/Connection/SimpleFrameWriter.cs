using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Connection;

/// <summary>Writers of the one-off frames: PING, HANDSHAKE_DONE, NEW_TOKEN, PATH_CHALLENGE and PATH_RESPONSE.</summary>
internal static class SimpleFrameWriter
{
    /// <summary>PING (RFC 9000 §19.2): makes a packet ack-eliciting (probes, keep-alive).</summary>
    public static bool TryWritePing(ref PacketWriter writer)
    {
        if (!FrameWriting.TryWritePing(writer.Free, out int length))
            return false;
        writer.Advance(length, ackEliciting: true);
        return true;
    }

    /// <summary>HANDSHAKE_DONE (RFC 9000 §19.20): the server confirms the handshake to the client.</summary>
    public static bool TryWriteHandshakeDone(ref PacketWriter writer)
    {
        if (!FrameWriting.TryWriteHandshakeDone(writer.Free, out int length))
            return false;
        writer.Advance(length, ackEliciting: true);
        writer.Record(new SentFrame { Kind = SentFrameKind.HandshakeDone });
        return true;
    }

    /// <summary>NEW_TOKEN (RFC 9000 §19.7).</summary>
    public static bool TryWriteNewToken(ref PacketWriter writer, ReadOnlySpan<byte> token, int index)
    {
        if (!new NewTokenFrame(token).TryWrite(writer.Free, out int length))
            return false;
        writer.Advance(length, ackEliciting: true);
        writer.Record(new SentFrame { Kind = SentFrameKind.NewToken, A = index });
        return true;
    }

    /// <summary>PATH_CHALLENGE (RFC 9000 §19.17).</summary>
    public static bool TryWritePathChallenge(ref PacketWriter writer, ulong data)
    {
        if (!new PathChallengeFrame(data).TryWrite(writer.Free, out int length))
            return false;
        writer.Advance(length, ackEliciting: true);
        writer.Record(new SentFrame { Kind = SentFrameKind.PathChallenge, C = data });
        return true;
    }

    /// <summary>PATH_RESPONSE (RFC 9000 §19.18).</summary>
    public static bool TryWritePathResponse(ref PacketWriter writer, ulong data)
    {
        if (!new PathResponseFrame(data).TryWrite(writer.Free, out int length))
            return false;
        writer.Advance(length, ackEliciting: true);
        writer.Record(new SentFrame { Kind = SentFrameKind.PathResponse, C = data });
        return true;
    }
}
