using QuicKestrel.Protocol.Recovery;
using static QuicKestrel.Protocol.Tests.Recovery.RecoveryTestKit;

using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Tests.Recovery;

public class AllocationTests
{
    [Theory]
    [InlineData((int)CongestionControlAlgorithm.Cubic)]
    [InlineData((int)CongestionControlAlgorithm.NewReno)]
    public void Steady_state_send_ack_and_loss_allocate_nothing(int algorithmValue)
    {
        var algorithm = (CongestionControlAlgorithm)algorithmValue;
        var listener = new CountingListener();
        var recovery = new LossRecovery(new RecoveryOptions { Algorithm = algorithm, EcnEnabled = true }, listener, isServer: false);
        recovery.DiscardSpace(Initial, 0);
        recovery.DiscardSpace(Handshake, 0);
        recovery.OnHandshakeConfirmed(0);
        var pipe = new Pipe(Ms(20));

        long now = pipe.Run(recovery, 0, packets: 20_000); // grow the ring and scratch buffers once
        long sentBefore = recovery.Statistics.PacketsSent;
        long before = GC.GetAllocatedBytesForCurrentThread();
        pipe.Run(recovery, now, packets: 100_000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(recovery.Statistics.PacketsSent - sentBefore >= 100_000);
        Assert.True(listener.LostPackets > 0);
        Assert.True(listener.AckedPackets > 100_000);
    }

    /// <summary>
    /// A fixed-delay path driven without allocating: every packet is acknowledged one RTT after it
    /// was sent, in ACK frames covering two packets, except every 300th packet, which is dropped.
    /// </summary>
    private sealed class Pipe(long rtt)
    {
        private readonly long[] _pn = new long[1 << 16];
        private readonly long[] _sentAt = new long[1 << 16];
        private readonly AckRange[] _ranges = new AckRange[2];
        private int _head;
        private int _tail;
        private long _nextPn;

        public long Run(LossRecovery recovery, long now, int packets)
        {
            long target = _nextPn + packets;
            for (int guard = 0; _nextPn < target && guard < 10_000_000; guard++)
            {
                DeliverAcks(recovery, now);
                if (recovery.LossDetectionTimer <= now)
                    recovery.OnLossDetectionTimeout(now);
                SendWhatIsAllowed(recovery, now);
                now += 50;
            }
            return now;
        }

        private void SendWhatIsAllowed(LossRecovery recovery, long now)
        {
            var space = PacketNumberSpace.ApplicationData;
            while (recovery.ProbesPending(space) > 0 || recovery.GetSendAllowance(now, out _) >= Mds)
            {
                var flags = SentPacketFlags.AckEliciting | SentPacketFlags.InFlight;
                if (recovery.Ecn.ShouldMarkEct0)
                    flags |= SentPacketFlags.Ect0;
                long pn = _nextPn++;
                recovery.OnPacketSent(space, new SentPacket(pn, now, Mds, flags, pn));
                if (pn % 300 == 299)
                    continue; // dropped
                _pn[_tail & (_pn.Length - 1)] = pn;
                _sentAt[_tail & (_pn.Length - 1)] = now;
                _tail++;
            }
        }

        private void DeliverAcks(LossRecovery recovery, long now)
        {
            while (_tail - _head >= 2 && _sentAt[(_head + 1) & (_pn.Length - 1)] + rtt <= now)
            {
                long first = _pn[_head & (_pn.Length - 1)];
                long second = _pn[(_head + 1) & (_pn.Length - 1)];
                _head += 2;
                int count = 0;
                if (second == first + 1)
                {
                    _ranges[count++] = new AckRange(first, second);
                }
                else
                {
                    _ranges[count++] = new AckRange(second, second);
                    _ranges[count++] = new AckRange(first, first);
                }
                recovery.OnAckReceived(PacketNumberSpace.ApplicationData, _ranges.AsSpan(0, count), 1000, now);
            }
        }
    }
}
