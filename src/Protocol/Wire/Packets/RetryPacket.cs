namespace QuicKestrel.Protocol.Wire;

/// <summary>
/// Retry packets (RFC 9000 §17.2.5). The integrity tag (RFC 9001 §5.8) is computed by the
/// Crypto layer over the pseudo-packet written by <see cref="TryWritePseudoPacket"/>; parse Retry
/// packets with <see cref="PacketHeader.TryParse"/>.
/// </summary>
internal static class RetryPacket
{
    public const int IntegrityTagLength = 16;

    /// <summary>
    /// Writes a Retry packet without its integrity tag and returns the tag's offset (also the
    /// length of the packet without the tag); the destination is checked to have room for the tag
    /// after it. <paramref name="unusedBits"/> fill the low four bits of the first byte.
    /// </summary>
    public static bool TryWriteWithoutTag(
        Span<byte> destination, uint version, ReadOnlySpan<byte> destinationConnectionId,
        ReadOnlySpan<byte> sourceConnectionId, ReadOnlySpan<byte> token, byte unusedBits, out int tagOffset)
    {
        if (token.IsEmpty)
            throw new ArgumentException("A Retry token is never empty (RFC 9000 §17.2.5.2).", nameof(token));
        if (destinationConnectionId.Length > WireLimits.MaxConnectionIdLength
            || sourceConnectionId.Length > WireLimits.MaxConnectionIdLength)
            throw new ArgumentException("Connection IDs are at most 20 bytes.");
        tagOffset = 0;
        var writer = new SpanWriter(destination);
        byte firstByte = (byte)(HeaderBits.LongHeaderForm | HeaderBits.FixedBit
            | (LongPacketTypeBits.ToBits(PacketType.Retry, version) << 4) | (unusedBits & 0x0f));
        if (!writer.TryWriteByte(firstByte)
            || !writer.TryWriteUInt32(version)
            || !PacketHeaderWriter.TryWriteConnectionId(ref writer, destinationConnectionId)
            || !PacketHeaderWriter.TryWriteConnectionId(ref writer, sourceConnectionId)
            || !writer.TryWriteBytes(token)
            || writer.Remaining < IntegrityTagLength)
            return false;
        tagOffset = writer.Position;
        return true;
    }

    /// <summary>Writes a complete Retry packet with a tag already computed.</summary>
    public static bool TryWrite(
        Span<byte> destination, uint version, ReadOnlySpan<byte> destinationConnectionId,
        ReadOnlySpan<byte> sourceConnectionId, ReadOnlySpan<byte> token, byte unusedBits,
        ReadOnlySpan<byte> integrityTag, out int bytesWritten)
    {
        if (integrityTag.Length != IntegrityTagLength)
            throw new ArgumentException("The Retry integrity tag is 16 bytes.", nameof(integrityTag));
        bytesWritten = 0;
        if (!TryWriteWithoutTag(destination, version, destinationConnectionId, sourceConnectionId, token, unusedBits, out int tagOffset))
            return false;
        integrityTag.CopyTo(destination[tagOffset..]);
        bytesWritten = tagOffset + IntegrityTagLength;
        return true;
    }

    /// <summary>
    /// Writes the Retry pseudo-packet (RFC 9001 §5.8): the client's original Destination Connection ID
    /// with a one-byte length, followed by the Retry packet without its tag.
    /// </summary>
    public static bool TryWritePseudoPacket(
        Span<byte> destination, ReadOnlySpan<byte> originalDestinationConnectionId,
        ReadOnlySpan<byte> retryWithoutTag, out int bytesWritten)
    {
        bytesWritten = 0;
        var writer = new SpanWriter(destination);
        if (originalDestinationConnectionId.Length > WireLimits.MaxInvariantConnectionIdLength
            || !PacketHeaderWriter.TryWriteConnectionId(ref writer, originalDestinationConnectionId)
            || !writer.TryWriteBytes(retryWithoutTag))
            return false;
        bytesWritten = writer.Position;
        return true;
    }

    /// <summary>The packet bytes the tag covers: a parsed Retry packet without its last 16 bytes.</summary>
    public static ReadOnlySpan<byte> WithoutTag(ReadOnlySpan<byte> retryPacket) =>
        retryPacket.Length >= IntegrityTagLength ? retryPacket[..^IntegrityTagLength] : default;
}
