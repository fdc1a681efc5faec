using QuicKestrel.Protocol.Crypto;

namespace QuicKestrel.Protocol.Recovery;

/// <summary>
/// The three packet number spaces (RFC 9000 §12.3). Loss detection runs separately in each;
/// 0-RTT and 1-RTT packets share <see cref="ApplicationData"/>.
/// </summary>
internal enum PacketNumberSpace : byte
{
    Initial = 0,
    Handshake = 1,
    ApplicationData = 2,
}

internal static class PacketNumberSpaces
{
    /// <summary>How many spaces there are; arrays indexed by space have this length.</summary>
    public const int Count = 3;

    /// <summary>The space a packet protected at <paramref name="level"/> belongs to.</summary>
    public static PacketNumberSpace FromEncryptionLevel(EncryptionLevel level) => level switch
    {
        EncryptionLevel.Initial => PacketNumberSpace.Initial,
        EncryptionLevel.Handshake => PacketNumberSpace.Handshake,
        _ => PacketNumberSpace.ApplicationData,
    };
}
