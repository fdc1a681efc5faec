namespace QuicKestrel.Protocol.Wire;

/// <summary>Where the parts of a written long header are, so the packet builder can finish it.</summary>
internal readonly record struct LongHeaderLayout(
    int LengthOffset, int LengthFieldSize, int PacketNumberOffset, int PacketNumberLength)
{
    /// <summary>Header bytes including the packet number; the payload starts here.</summary>
    public int HeaderLength => PacketNumberOffset + PacketNumberLength;

    /// <summary>Largest payload (after the packet number, including the AEAD tag) the Length field can describe.</summary>
    public int MaxPayloadLength => (int)Math.Min(int.MaxValue, MaxLengthFieldValue - (ulong)PacketNumberLength);

    private ulong MaxLengthFieldValue => LengthFieldSize switch
    {
        1 => VarInt.MaxOneByte,
        2 => VarInt.MaxTwoBytes,
        4 => VarInt.MaxFourBytes,
        _ => VarInt.MaxValue,
    };

    /// <summary>
    /// Fills in the Length field once the payload is known: packet number plus
    /// <paramref name="payloadLength"/> (the protected payload including the AEAD tag).
    /// </summary>
    public void WriteLength(Span<byte> packet, int payloadLength)
    {
        if (payloadLength < 0 || payloadLength > MaxPayloadLength)
            throw new ArgumentOutOfRangeException(nameof(payloadLength), "The payload does not fit the reserved Length field.");
        VarInt.WriteWithLength(packet[LengthOffset..], (ulong)(PacketNumberLength + payloadLength), LengthFieldSize);
    }
}

/// <summary>Writes long and short packet headers with an unprotected first byte and packet number (RFC 9000 §17).</summary>
internal static class PacketHeaderWriter
{
    /// <summary>
    /// Writes an Initial, 0-RTT or Handshake header up to and including the packet number, with a
    /// Length field of <paramref name="lengthFieldSize"/> bytes left to fill in by
    /// <see cref="LongHeaderLayout.WriteLength"/>. <paramref name="token"/> is only for Initial packets.
    /// </summary>
    public static bool TryWriteLongHeader(
        Span<byte> destination, PacketType type, uint version,
        ReadOnlySpan<byte> destinationConnectionId, ReadOnlySpan<byte> sourceConnectionId, ReadOnlySpan<byte> token,
        long packetNumber, int packetNumberLength, out LongHeaderLayout layout, int lengthFieldSize = 2)
    {
        ValidateLongHeader(type, destinationConnectionId, sourceConnectionId, token);
        layout = default;
        var writer = new SpanWriter(destination);
        byte firstByte = (byte)(HeaderBits.LongHeaderForm | HeaderBits.FixedBit
            | (LongPacketTypeBits.ToBits(type, version) << 4) | (packetNumberLength - 1));
        if (!writer.TryWriteByte(firstByte)
            || !writer.TryWriteUInt32(version)
            || !TryWriteConnectionId(ref writer, destinationConnectionId)
            || !TryWriteConnectionId(ref writer, sourceConnectionId))
            return false;
        if (type == PacketType.Initial && !(writer.TryWriteVarInt((ulong)token.Length) && writer.TryWriteBytes(token)))
            return false;
        int lengthOffset = writer.Position;
        if (!writer.TryWriteVarInt(0, lengthFieldSize))
            return false;
        int packetNumberOffset = writer.Position;
        if (!PacketNumber.TryWrite(writer.Free, packetNumber, packetNumberLength))
            return false;
        layout = new LongHeaderLayout(lengthOffset, lengthFieldSize, packetNumberOffset, packetNumberLength);
        return true;
    }

    /// <summary>Writes a 1-RTT header; returns the header length (the packet number ends there).</summary>
    public static bool TryWriteShortHeader(
        Span<byte> destination, ReadOnlySpan<byte> destinationConnectionId,
        long packetNumber, int packetNumberLength, bool keyPhase, bool spinBit, out int headerLength)
    {
        if (destinationConnectionId.Length > WireLimits.MaxConnectionIdLength)
            throw new ArgumentException("Connection IDs are at most 20 bytes.", nameof(destinationConnectionId));
        headerLength = 0;
        int length = 1 + destinationConnectionId.Length + packetNumberLength;
        if (destination.Length < length)
            return false;
        destination[0] = (byte)(HeaderBits.FixedBit
            | (spinBit ? HeaderBits.SpinBit : 0)
            | (keyPhase ? HeaderBits.KeyPhaseBit : 0)
            | (packetNumberLength - 1));
        destinationConnectionId.CopyTo(destination[1..]);
        PacketNumber.TryWrite(destination[(1 + destinationConnectionId.Length)..], packetNumber, packetNumberLength);
        headerLength = length;
        return true;
    }

    internal static bool TryWriteConnectionId(ref SpanWriter writer, ReadOnlySpan<byte> connectionId) =>
        writer.Remaining >= 1 + connectionId.Length
        && writer.TryWriteByte((byte)connectionId.Length)
        && writer.TryWriteBytes(connectionId);

    private static void ValidateLongHeader(PacketType type, ReadOnlySpan<byte> dcid, ReadOnlySpan<byte> scid, ReadOnlySpan<byte> token)
    {
        if (type is not (PacketType.Initial or PacketType.ZeroRtt or PacketType.Handshake))
            throw new ArgumentOutOfRangeException(nameof(type), "Only Initial, 0-RTT and Handshake packets have this header.");
        if (dcid.Length > WireLimits.MaxConnectionIdLength || scid.Length > WireLimits.MaxConnectionIdLength)
            throw new ArgumentException("Connection IDs are at most 20 bytes.");
        if (type != PacketType.Initial && !token.IsEmpty)
            throw new ArgumentException("Only Initial packets carry a token.", nameof(token));
    }
}
