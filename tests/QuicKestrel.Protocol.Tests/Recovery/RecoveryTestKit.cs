using QuicKestrel.Protocol.Recovery;

using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Tests.Recovery;

/// <summary>Records what loss recovery reported, by packet number.</summary>
internal sealed class RecordingListener : ISentPacketListener
{
    public List<(PacketNumberSpace Space, long PacketNumber, long Token)> Acked { get; } = [];
    public List<(PacketNumberSpace Space, long PacketNumber, long Token)> Lost { get; } = [];
    public List<(PacketNumberSpace Space, long PacketNumber, long Token)> Discarded { get; } = [];

    public long[] AckedNumbers => Acked.Select(a => a.PacketNumber).ToArray();
    public long[] LostNumbers => Lost.Select(a => a.PacketNumber).ToArray();

    public void OnPacketAcked(PacketNumberSpace space, in SentPacket packet) => Acked.Add((space, packet.PacketNumber, packet.FramesToken));
    public void OnPacketLost(PacketNumberSpace space, in SentPacket packet) => Lost.Add((space, packet.PacketNumber, packet.FramesToken));
    public void OnPacketDiscarded(PacketNumberSpace space, in SentPacket packet) => Discarded.Add((space, packet.PacketNumber, packet.FramesToken));

    public void Clear()
    {
        Acked.Clear();
        Lost.Clear();
        Discarded.Clear();
    }
}

/// <summary>Counts outcomes without allocating (for the allocation test and properties).</summary>
internal sealed class CountingListener : ISentPacketListener
{
    public long AckedPackets;
    public long LostPackets;
    public long DiscardedPackets;
    public long AckedInFlightBytes;
    public long LostInFlightBytes;
    public long DiscardedInFlightBytes;

    public void OnPacketAcked(PacketNumberSpace space, in SentPacket packet)
    {
        AckedPackets++;
        if (packet.IsInFlight)
            AckedInFlightBytes += packet.Bytes;
    }

    public void OnPacketLost(PacketNumberSpace space, in SentPacket packet)
    {
        LostPackets++;
        if (packet.IsInFlight)
            LostInFlightBytes += packet.Bytes;
    }

    public void OnPacketDiscarded(PacketNumberSpace space, in SentPacket packet)
    {
        DiscardedPackets++;
        if (packet.IsInFlight)
            DiscardedInFlightBytes += packet.Bytes;
    }
}

internal static class RecoveryTestKit
{
    public const int Mds = 1200;
    public const PacketNumberSpace App = PacketNumberSpace.ApplicationData;
    public const PacketNumberSpace Initial = PacketNumberSpace.Initial;
    public const PacketNumberSpace Handshake = PacketNumberSpace.Handshake;

    /// <summary>Milliseconds to microseconds.</summary>
    public static long Ms(double ms) => (long)Math.Round(ms * 1000);

    public static SentPacket Data(long pn, long time, int bytes = Mds, long token = -1) =>
        new(pn, time, bytes, SentPacketFlags.AckEliciting | SentPacketFlags.InFlight, token < 0 ? pn : token);

    public static SentPacket AckOnly(long pn, long time, int bytes = 50) => new(pn, time, bytes, SentPacketFlags.None, pn);

    public static LossRecovery Create(out RecordingListener listener, RecoveryOptions? options = null, bool isServer = false)
    {
        listener = new RecordingListener();
        return new LossRecovery(options ?? new RecoveryOptions { PacingEnabled = false }, listener, isServer);
    }

    /// <summary>A connection past its handshake: Initial and Handshake discarded, handshake confirmed.</summary>
    public static LossRecovery CreateConfirmed(out RecordingListener listener, RecoveryOptions? options = null, long now = 0)
    {
        var recovery = Create(out listener, options);
        recovery.DiscardSpace(Initial, now);
        recovery.DiscardSpace(Handshake, now);
        recovery.OnHandshakeConfirmed(now);
        return recovery;
    }

    public static AckRange[] Ranges(params (long Smallest, long Largest)[] ranges) =>
        ranges.Select(r => new AckRange(r.Smallest, r.Largest)).ToArray();

    public static void Ack(this LossRecovery recovery, PacketNumberSpace space, long smallest, long largest, long now, long ackDelay = 0)
    {
        var error = recovery.OnAckReceived(space, [new AckRange(smallest, largest)], ackDelay, now);
        Assert.False(error.IsError, error.ToString());
    }

    /// <summary>
    /// Sends and acknowledges <paramref name="count"/> packets one at a time, each answered after
    /// exactly <paramref name="rtt"/>, so the estimator converges on it. Returns the time after.
    /// </summary>
    public static long WarmUp(this LossRecovery recovery, PacketNumberSpace space, ref long nextPn, long start, long rtt, int count)
    {
        long now = start;
        for (int i = 0; i < count; i++)
        {
            long pn = nextPn++;
            recovery.OnPacketSent(space, Data(pn, now));
            now += rtt;
            recovery.Ack(space, pn, pn, now);
        }
        return now;
    }
}
