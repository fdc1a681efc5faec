using BenchmarkDotNet.Attributes;
using QuicKestrel.Protocol.Recovery;

using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Benchmarks.Recovery;

/// <summary>
/// The per-packet cost of loss recovery: OnPacketSent plus ACK processing (one ACK frame per two
/// packets, CUBIC and pacing on), and the same with one packet in 200 lost.
/// </summary>
[MemoryDiagnoser]
public class LossRecoveryBenchmarks
{
    private const int PacketsPerInvoke = 10_000;
    private const int Window = 100;
    private const int Size = 1200;
    private readonly AckRange[] _ranges = new AckRange[1];
    private LossRecovery _recovery = null!;
    private long _pn;
    private long _now;

    [Params(false, true)]
    public bool WithLoss { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _recovery = new LossRecovery(new RecoveryOptions(), new NullListener(), isServer: true);
        _recovery.DiscardSpace(PacketNumberSpace.Initial, 0);
        _recovery.DiscardSpace(PacketNumberSpace.Handshake, 0);
        _recovery.OnHandshakeConfirmed(0);
        SendAndAck(); // grow the store and the ACK scratch once
    }

    [Benchmark(OperationsPerInvoke = PacketsPerInvoke)]
    public long SendAndAck()
    {
        for (int i = 0; i < PacketsPerInvoke; i++)
        {
            long pn = _pn++;
            _now += 10;
            _recovery.OnPacketSent(PacketNumberSpace.ApplicationData,
                new SentPacket(pn, _now, Size, SentPacketFlags.AckEliciting | SentPacketFlags.InFlight, pn));
            _recovery.GetSendAllowance(_now, out _);
            if (pn % 2 == 1 && pn > Window)
                Ack(pn - Window);
            if (_recovery.LossDetectionTimer <= _now)
                _recovery.OnLossDetectionTimeout(_now);
        }
        return _recovery.Congestion.BytesInFlight;
    }

    /// <summary>Acknowledges <paramref name="largest"/> and the packet before it (skipping one in 200 when lossy).</summary>
    private void Ack(long largest)
    {
        long smallest = largest - 1;
        if (WithLoss && smallest % 200 == 0)
            smallest = largest; // the packet before is never acknowledged: lost
        _ranges[0] = new AckRange(smallest, largest);
        _recovery.OnAckReceived(PacketNumberSpace.ApplicationData, _ranges, 0, _now);
    }

    private sealed class NullListener : ISentPacketListener
    {
        public void OnPacketAcked(PacketNumberSpace space, in SentPacket packet) { }

        public void OnPacketLost(PacketNumberSpace space, in SentPacket packet) { }

        public void OnPacketDiscarded(PacketNumberSpace space, in SentPacket packet) { }
    }
}
