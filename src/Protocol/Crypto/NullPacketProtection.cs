namespace QuicKestrel.Protocol.Crypto;

/// <summary>
/// Protection that protects nothing, for tests and fuzzers of the state machine (DESIGN.md):
/// the payload stays plaintext, the tag is 16 zero bytes (a packet whose tag is not all zeros
/// fails to open, so the drop path stays reachable) and the header is not masked. Packet sizes
/// and the too-short-to-sample rule are those of real protection, so the connection behaves
/// the same with either.
/// </summary>
internal sealed class NullPacketProtection : PacketProtection
{
    public override long ConfidentialityLimit => long.MaxValue;

    public override long IntegrityLimit => long.MaxValue;

    public override int Seal(Span<byte> packet, int headerLength, int payloadLength, ulong packetNumber)
    {
        packet.Slice(headerLength + payloadLength, TagLength).Clear();
        return headerLength + payloadLength + TagLength;
    }

    public override bool TryOpen(Span<byte> packet, int headerLength, ulong packetNumber, out int payloadLength)
    {
        payloadLength = packet.Length - headerLength - TagLength;
        if (headerLength < 0 || payloadLength < 0 || packet[^TagLength..].ContainsAnyExcept((byte)0))
        {
            payloadLength = 0;
            return false;
        }
        return true;
    }

    public override void ApplyHeaderProtection(Span<byte> packet, int packetNumberOffset, int packetNumberLength) =>
        HeaderProtection.ValidateForApply(packet.Length, packetNumberOffset, packetNumberLength);

    public override bool TryRemoveHeaderProtection(Span<byte> packet, int packetNumberOffset,
        out int packetNumberLength, out uint truncatedPacketNumber)
    {
        if (!HeaderProtection.HasSample(packet.Length, packetNumberOffset))
        {
            packetNumberLength = 0;
            truncatedPacketNumber = 0;
            return false;
        }
        packetNumberLength = (packet[0] & 0x03) + 1;
        truncatedPacketNumber = HeaderProtection.ReadPacketNumber(packet.Slice(packetNumberOffset, packetNumberLength));
        return true;
    }

    public override PacketProtection CreateNextGeneration() => new NullPacketProtection();

    public override void Dispose()
    {
    }
}
