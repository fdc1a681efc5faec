using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Crypto;

/// <summary>
/// The HKDF-Expand-Label labels QUIC derives packet-protection material with (RFC 9001 §5.1,
/// §5.4, §6.1). QUIC v2 renames them to "quicv2 ..." (RFC 9369 §3.3.2) so that keys of the two
/// versions never coincide.
/// </summary>
internal static class PacketProtectionLabels
{
    public static ReadOnlySpan<byte> ClientInitial => "client in"u8;
    public static ReadOnlySpan<byte> ServerInitial => "server in"u8;

    public static ReadOnlySpan<byte> Key(uint version) => version == QuicVersion.V2 ? "quicv2 key"u8 : "quic key"u8;
    public static ReadOnlySpan<byte> Iv(uint version) => version == QuicVersion.V2 ? "quicv2 iv"u8 : "quic iv"u8;
    public static ReadOnlySpan<byte> HeaderProtection(uint version) => version == QuicVersion.V2 ? "quicv2 hp"u8 : "quic hp"u8;
    public static ReadOnlySpan<byte> KeyUpdate(uint version) => version == QuicVersion.V2 ? "quicv2 ku"u8 : "quic ku"u8;
}
