using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Endpoint;

/// <summary>
/// Builds, without a connection, a server Initial packet carrying only a CONNECTION_CLOSE
/// (0x1c): the answer to a client Initial with an invalid Retry token (INVALID_TOKEN,
/// RFC 9000 §8.1.2) or one the server refuses (CONNECTION_REFUSED, §5.2.2). It is protected with
/// the Initial keys of the client's Destination Connection ID, as the client expects.
/// CONNECTION_CLOSE is not ack-eliciting, so no padding to 1200 bytes is owed (§14.1), and the
/// packet is far smaller than the 1200-byte datagram that triggered it.
/// </summary>
internal static class InitialCloseWriter
{
    private const int PacketNumberLength = 1;

    /// <summary>Bytes needed beyond the connection IDs: header, frame without reason, minimum payload and tag.</summary>
    public const int MaxLength = 7 + 2 * WireLimits.MaxConnectionIdLength + 1 + 2 + PacketNumberLength + 32 + PacketProtection.TagLength;

    public static bool TryWrite(Span<byte> destination, PacketProtectionProvider protection, uint version,
        ReadOnlySpan<byte> clientDestinationConnectionId, ReadOnlySpan<byte> clientSourceConnectionId,
        ReadOnlySpan<byte> serverSourceConnectionId, TransportErrorCode error, out int bytesWritten)
    {
        bytesWritten = 0;
        if (!PacketHeaderWriter.TryWriteLongHeader(destination, PacketType.Initial, version, clientSourceConnectionId,
                serverSourceConnectionId, default, 0, PacketNumberLength, out LongHeaderLayout layout))
            return false;
        Span<byte> payload = destination[layout.HeaderLength..];
        var close = new ConnectionCloseFrame(false, (ulong)error, 0, default);
        int minimum = PacketProtection.MinimumPayloadLength(PacketNumberLength);
        int payloadLength = Math.Max(close.EncodedLength, minimum);
        if (payload.Length < payloadLength + PacketProtection.TagLength || !close.TryWrite(payload, out int frameLength))
            return false;
        FrameWriting.WritePadding(payload[frameLength..payloadLength]);
        layout.WriteLength(destination, payloadLength + PacketProtection.TagLength);

        protection.CreateInitial(version, clientDestinationConnectionId, isServer: true,
            out PacketProtection send, out PacketProtection receive);
        using (send)
        using (receive)
            bytesWritten = send.Protect(destination, layout.PacketNumberOffset, PacketNumberLength, payloadLength, 0);
        return true;
    }
}
