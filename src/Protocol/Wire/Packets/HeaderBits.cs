namespace QuicKestrel.Protocol.Wire;

/// <summary>
/// The bits of a packet's first byte (RFC 9000 §17.2, §17.3). The packet-number length, key
/// phase and reserved bits are under header protection: read them only from the first byte
/// after protection has been removed.
/// </summary>
internal static class HeaderBits
{
    public const byte LongHeaderForm = 0x80;
    public const byte FixedBit = 0x40;
    public const byte SpinBit = 0x20;
    public const byte KeyPhaseBit = 0x04;
    public const byte PacketNumberLengthMask = 0x03;
    public const byte LongReservedBits = 0x0c;
    public const byte ShortReservedBits = 0x18;

    /// <summary>First-byte bits covered by header protection (RFC 9001 §5.4.1).</summary>
    public const byte LongProtectedBits = 0x0f;
    public const byte ShortProtectedBits = 0x1f;

    public static bool IsLongHeader(byte firstByte) => (firstByte & LongHeaderForm) != 0;

    public static bool HasFixedBit(byte firstByte) => (firstByte & FixedBit) != 0;

    /// <summary>The first-byte bits header protection masks for this header form.</summary>
    public static byte GetProtectedBits(byte firstByte) =>
        IsLongHeader(firstByte) ? LongProtectedBits : ShortProtectedBits;

    /// <summary>Packet-number length (1..4) from an unprotected first byte.</summary>
    public static int GetPacketNumberLength(byte unprotectedFirstByte) =>
        (unprotectedFirstByte & PacketNumberLengthMask) + 1;

    /// <summary>Key phase of a short header, from an unprotected first byte (RFC 9000 §17.3.1).</summary>
    public static bool GetKeyPhase(byte unprotectedFirstByte) => (unprotectedFirstByte & KeyPhaseBit) != 0;

    /// <summary>Spin bit of a short header (not protected).</summary>
    public static bool GetSpinBit(byte firstByte) => (firstByte & SpinBit) != 0;

    /// <summary>
    /// True when the reserved bits of an unprotected first byte are set; RFC 9000 §17.2 and §17.3.1
    /// make that a PROTOCOL_VIOLATION once the packet has been authenticated.
    /// </summary>
    public static bool HasReservedBitsSet(byte unprotectedFirstByte) =>
        (unprotectedFirstByte & (IsLongHeader(unprotectedFirstByte) ? LongReservedBits : ShortReservedBits)) != 0;
}
