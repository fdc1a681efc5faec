using QuicKestrel.Protocol.Crypto;

namespace QuicKestrel.Protocol.Tests.Connection;

/// <summary>
/// Null protection with tiny AEAD usage limits (RFC 9001 §6.6), so tests can reach the
/// confidentiality and integrity limits in a few packets.
/// </summary>
internal sealed class LimitedProtectionProvider(long confidentialityLimit, long integrityLimit) : PacketProtectionProvider
{
    public override bool IsSupported(CipherSuite suite) => true;

    public override PacketProtection Create(CipherSuite suite, ReadOnlySpan<byte> secret, uint version) =>
        new LimitedProtection(confidentialityLimit, integrityLimit);

    private sealed class LimitedProtection(long confidentialityLimit, long integrityLimit) : PacketProtection
    {
        private readonly NullPacketProtection _inner = new();

        public override long ConfidentialityLimit => confidentialityLimit;

        public override long IntegrityLimit => integrityLimit;

        public override int Seal(Span<byte> packet, int headerLength, int payloadLength, ulong packetNumber) =>
            _inner.Seal(packet, headerLength, payloadLength, packetNumber);

        public override bool TryOpen(Span<byte> packet, int headerLength, ulong packetNumber, out int payloadLength) =>
            _inner.TryOpen(packet, headerLength, packetNumber, out payloadLength);

        public override void ApplyHeaderProtection(Span<byte> packet, int packetNumberOffset, int packetNumberLength) =>
            _inner.ApplyHeaderProtection(packet, packetNumberOffset, packetNumberLength);

        public override bool TryRemoveHeaderProtection(Span<byte> packet, int packetNumberOffset, out int packetNumberLength, out uint truncatedPacketNumber) =>
            _inner.TryRemoveHeaderProtection(packet, packetNumberOffset, out packetNumberLength, out truncatedPacketNumber);

        public override PacketProtection CreateNextGeneration() => new LimitedProtection(confidentialityLimit, integrityLimit);

        public override void Dispose()
        {
        }
    }
}
