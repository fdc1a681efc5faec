using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Recovery;

namespace QuicKestrel.Protocol.Connection;

/// <summary>
/// One packet number space (RFC 9000 §12.3): its next packet number, what was received (for ACKs
/// and duplicates), its CRYPTO streams, and, for Initial and Handshake, its keys. The application
/// space's keys (0-RTT and the 1-RTT key phases) live in <see cref="ApplicationKeys"/>.
/// </summary>
internal sealed class PacketSpace : IDisposable
{
    public PacketSpace(PacketNumberSpace id)
    {
        Id = id;
        Acks = new AckTracker(immediateSpace: id != PacketNumberSpace.ApplicationData);
    }

    public PacketNumberSpace Id { get; }

    /// <summary>The packet number the next packet sent in this space gets (never reused, not even after a Retry).</summary>
    public long NextPacketNumber { get; set; }

    public AckTracker Acks { get; }

    public CryptoSendStream CryptoSend { get; } = new();

    public CryptoReceiveStream CryptoReceive { get; } = new();

    /// <summary>Initial/Handshake: the key we seal with (null until installed or after discard).</summary>
    public PacketProtection? SendKey { get; set; }

    /// <summary>Initial/Handshake: the key we open with.</summary>
    public PacketProtection? ReceiveKey { get; set; }

    /// <summary>Set once the space's keys were discarded (RFC 9001 §4.9): nothing is sent or accepted any more.</summary>
    public bool IsDiscarded { get; private set; }

    /// <summary>The largest packet number we sent that the peer acknowledged, for packet number encoding.</summary>
    public long LargestAckedSent { get; set; } = -1;

    /// <summary>The last packet number handed to loss recovery (ACK-only packets are not), or -1.</summary>
    public long LargestTrackedPacketNumber { get; set; } = -1;

    public long TakePacketNumber() => NextPacketNumber++;

    public void Discard()
    {
        IsDiscarded = true;
        Dispose();
    }

    public void Dispose()
    {
        SendKey?.Dispose();
        ReceiveKey?.Dispose();
        SendKey = null;
        ReceiveKey = null;
    }
}
