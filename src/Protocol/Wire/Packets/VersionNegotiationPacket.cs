namespace QuicKestrel.Protocol.Wire;

/// <summary>Version Negotiation packets (RFC 9000 §17.2.1, §6). Parse them with <see cref="PacketHeader.TryParse"/>.</summary>
internal static class VersionNegotiationPacket
{
    /// <summary>
    /// Writes a Version Negotiation packet answering a client packet: <paramref name="destinationConnectionId"/>
    /// echoes the client's Source Connection ID and <paramref name="sourceConnectionId"/> its Destination
    /// Connection ID. <paramref name="unusedBits"/> should be random; the 0x40 bit is always set
    /// (RFC 9000 §17.2.1, to ease demultiplexing with other protocols).
    /// </summary>
    public static bool TryWrite(
        Span<byte> destination, ReadOnlySpan<byte> destinationConnectionId, ReadOnlySpan<byte> sourceConnectionId,
        ReadOnlySpan<uint> supportedVersions, byte unusedBits, out int bytesWritten)
    {
        if (destinationConnectionId.Length > WireLimits.MaxInvariantConnectionIdLength
            || sourceConnectionId.Length > WireLimits.MaxInvariantConnectionIdLength)
            throw new ArgumentException("Connection IDs are at most 255 bytes.");
        bytesWritten = 0;
        var writer = new SpanWriter(destination);
        if (!writer.TryWriteByte((byte)(HeaderBits.LongHeaderForm | HeaderBits.FixedBit | (unusedBits & 0x3f)))
            || !writer.TryWriteUInt32(QuicVersion.Negotiation)
            || !PacketHeaderWriter.TryWriteConnectionId(ref writer, destinationConnectionId)
            || !PacketHeaderWriter.TryWriteConnectionId(ref writer, sourceConnectionId)
            || writer.Remaining < supportedVersions.Length * 4)
            return false;
        foreach (uint version in supportedVersions)
            writer.TryWriteUInt32(version);
        bytesWritten = writer.Position;
        return true;
    }
}
