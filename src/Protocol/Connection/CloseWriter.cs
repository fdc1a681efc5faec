using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Connection;

/// <summary>
/// Writes CONNECTION_CLOSE (RFC 9000 §19.19). An application close is 0x1d only in 1-RTT
/// packets; in Initial and Handshake packets it becomes 0x1c APPLICATION_ERROR with no reason,
/// so nothing of the application leaks before the peer is authenticated (§10.2.3).
/// </summary>
internal static class CloseWriter
{
    public static bool TryWrite(ref PacketWriter writer, in CloseReason reason)
    {
        ConnectionCloseFrame frame;
        if (!reason.IsApplication)
            frame = new ConnectionCloseFrame(false, reason.ErrorCode, reason.FrameType, reason.Phrase);
        else if (writer.PacketType == PacketType.OneRtt)
            frame = new ConnectionCloseFrame(true, reason.ErrorCode, 0, reason.Phrase);
        else
            frame = new ConnectionCloseFrame(false, (ulong)TransportErrorCode.ApplicationError, 0, default);
        if (frame.EncodedLength > writer.Remaining)
            frame = new ConnectionCloseFrame(frame.IsApplicationError, frame.ErrorCode, frame.TriggeringFrameType, default);
        if (!frame.TryWrite(writer.Free, out int length))
            return false;
        writer.Advance(length, ackEliciting: false);
        return true;
    }
}

/// <summary>Why we close: a transport error (code and frame type) or an application error code, and a reason phrase.</summary>
internal readonly record struct CloseReason(bool IsApplication, ulong ErrorCode, ulong FrameType, byte[] PhraseBytes)
{
    public ReadOnlySpan<byte> Phrase => PhraseBytes;

    public static CloseReason Transport(QuicError error) =>
        new(false, (ulong)error.Code, error.FrameType, System.Text.Encoding.UTF8.GetBytes(error.Reason ?? string.Empty));

    public static CloseReason Application(ulong errorCode, string? reason) =>
        new(true, errorCode, 0, System.Text.Encoding.UTF8.GetBytes(reason ?? string.Empty));
}
