using FsCheck;
using FsCheck.Fluent;
using QuicKestrel.Protocol.Recovery;
using static QuicKestrel.Protocol.Tests.Recovery.RecoveryTestKit;

using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Tests.Recovery;

/// <summary>Invariants under random sequences of sends, ACK frames, timer expiries and discards.</summary>
public class RecoveryPropertyTests
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(300);

    [Fact]
    public void Bytes_in_flight_equal_the_in_flight_packets_not_yet_resolved_and_each_resolves_once()
    {
        Check.One(Config, Prop.ForAll(Script(), script => Run(script, CongestionControlAlgorithm.Cubic)));
    }

    [Fact]
    public void The_window_never_drops_below_the_minimum_for_either_controller()
    {
        Check.One(Config, Prop.ForAll(Script(), script =>
            Run(script, CongestionControlAlgorithm.NewReno) && Run(script, CongestionControlAlgorithm.Cubic, lossTolerance: 0)));
    }

    private static Arbitrary<int[]> Script() => Gen.Choose(0, 1_000_000).ArrayOf().ToArbitrary();

    private static bool Run(int[] script, CongestionControlAlgorithm algorithm, double lossTolerance = 0.02)
    {
        var listener = new ResolutionListener();
        var options = new RecoveryOptions { Algorithm = algorithm, LossTolerance = lossTolerance, EcnEnabled = true };
        var recovery = new LossRecovery(options, listener, isServer: true);
        long now = 0;
        long[] nextPn = new long[PacketNumberSpaces.Count];
        foreach (int value in script)
        {
            now += 100 + value % 3_000;
            Step(recovery, listener, value, ref now, nextPn);
            var cc = recovery.Congestion;
            if (cc.BytesInFlight != listener.OutstandingInFlightBytes || listener.Duplicate)
                return false;
            if (cc.CongestionWindow < cc.MinimumWindow || cc.BytesInFlight < 0)
                return false;
            if (recovery.AckElicitingInFlight != listener.OutstandingAckEliciting)
                return false;
        }
        return true;
    }

    private static void Step(LossRecovery recovery, ResolutionListener listener, int value, ref long now, long[] nextPn)
    {
        int op = value % 10;
        int a = value / 10 % 1000;
        var space = a % 7 == 0 ? PacketNumberSpace.Handshake : PacketNumberSpace.ApplicationData;
        if (recovery.IsDiscarded(space))
            space = PacketNumberSpace.ApplicationData;
        switch (op)
        {
            case <= 3:
                var flags = (a % 5) switch
                {
                    0 => SentPacketFlags.None,
                    1 => SentPacketFlags.InFlight,
                    _ => SentPacketFlags.AckEliciting | SentPacketFlags.InFlight,
                };
                if (a % 3 == 0)
                    flags |= SentPacketFlags.Ect0;
                var packet = new SentPacket(nextPn[(int)space]++, now, 40 + a % 1300, flags, 0);
                listener.OnSent(space, packet);
                recovery.OnPacketSent(space, packet);
                break;
            case <= 6 when nextPn[(int)space] > 0:
                long largest = a % nextPn[(int)space];
                long smallest = Math.Max(0, largest - value / 10_000 % 6);
                Span<AckRange> ranges = stackalloc AckRange[2];
                ranges[0] = new AckRange(smallest, largest);
                int count = 1;
                if (smallest >= 3 && op == 6)
                    ranges[count++] = new AckRange(Math.Max(0, smallest - 4), smallest - 2);
                if (value % 2 == 0)
                    recovery.OnAckReceived(space, ranges[..count], value % 30_000, now);
                else
                    recovery.OnAckReceived(space, ranges[..count], 0, new EcnCounts((ulong)listener.Ect0Acked, 0, (ulong)(value % 4)), now);
                break;
            case 7:
                if (recovery.LossDetectionTimer != RecoveryConstants.Never)
                    now = Math.Max(now, recovery.LossDetectionTimer);
                recovery.OnLossDetectionTimeout(now);
                break;
            case 8 when a % 10 == 7:
                recovery.DiscardSpace(PacketNumberSpace.Handshake, now);
                break;
            case 8:
                recovery.OnHandshakeConfirmed(now);
                break;
            default:
                recovery.SetAmplificationBlocked(a % 2 == 0, now);
                break;
        }
    }

    /// <summary>Tracks outstanding packets from the outside, by what was sent and what was reported.</summary>
    private sealed class ResolutionListener : ISentPacketListener
    {
        private readonly Dictionary<(PacketNumberSpace, long), SentPacket> _outstanding = [];

        public long OutstandingInFlightBytes { get; private set; }

        public int OutstandingAckEliciting { get; private set; }

        public long Ect0Acked { get; private set; }

        public bool Duplicate { get; private set; }

        public void OnSent(PacketNumberSpace space, in SentPacket packet)
        {
            _outstanding[(space, packet.PacketNumber)] = packet;
            if (packet.IsInFlight)
                OutstandingInFlightBytes += packet.Bytes;
            if (packet.IsAckEliciting)
                OutstandingAckEliciting++;
        }

        public void OnPacketAcked(PacketNumberSpace space, in SentPacket packet)
        {
            if (packet.IsEct0)
                Ect0Acked++;
            Resolve(space, packet);
        }

        public void OnPacketLost(PacketNumberSpace space, in SentPacket packet) => Resolve(space, packet);

        public void OnPacketDiscarded(PacketNumberSpace space, in SentPacket packet) => Resolve(space, packet);

        private void Resolve(PacketNumberSpace space, in SentPacket packet)
        {
            if (!_outstanding.Remove((space, packet.PacketNumber), out var sent))
            {
                Duplicate = true;
                return;
            }
            if (sent.IsInFlight)
                OutstandingInFlightBytes -= sent.Bytes;
            if (sent.IsAckEliciting)
                OutstandingAckEliciting--;
        }
    }
}
