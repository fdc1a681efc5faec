using QuicKestrel.Protocol.Recovery;
using static QuicKestrel.Protocol.Tests.Recovery.RecoveryTestKit;

namespace QuicKestrel.Protocol.Tests.Recovery;

public class PersistentCongestionTests
{
    private static readonly long Second = Ms(1000);

    [Fact]
    public void Duration_is_three_ptos_including_max_ack_delay()
    {
        // §7.6.3's assumptions: smoothed_rtt = 1, rttvar = 0, max_ack_delay = 0.
        Assert.Equal(3 * (Second + RecoveryConstants.GranularityMicros), PersistentCongestion.Duration(Second, 0, 0));
        Assert.Equal(3 * (Ms(100) + 4 * Ms(30) + Ms(25)), PersistentCongestion.Duration(Ms(100), Ms(30), Ms(25)));
    }

    /// <summary>
    /// The §7.6.3 example: packets sent at t = 0, 1, 2, 3, 4, 5, 6, 8 and 12 (s), #1 acknowledged at
    /// 1.2 and #9 at 12.2. Packets 2 to 8 are lost, span 7 s > 3 s, nothing between them acknowledged.
    /// </summary>
    [Fact]
    public void Rfc_example_establishes_persistent_congestion()
    {
        var (recovery, listener, t0) = ExampleSetup();
        Assert.True(recovery.Congestion.CongestionWindow > recovery.Congestion.MinimumWindow);

        recovery.Ack(App, 109, 109, t0 + Ms(12200));
        Assert.Equal(new long[] { 102, 103, 104, 105, 106, 107, 108 }, listener.LostNumbers);
        Assert.Equal(1, recovery.Statistics.PersistentCongestionEvents);
        // Appendix B.8: the window collapses and the recovery period ends, so the ACK that revealed
        // the losses then grows the window in slow start by #9's bytes.
        Assert.Equal(recovery.Congestion.MinimumWindow + Mds, recovery.Congestion.CongestionWindow);
        Assert.False(recovery.Congestion.InRecovery);
        Assert.True(recovery.Congestion.InSlowStart);
    }

    [Fact]
    public void An_acknowledged_packet_in_the_period_prevents_it()
    {
        var (recovery, listener, t0) = ExampleSetup();
        // #5 is acknowledged with #9: it splits the 7 s period into 2 s and 3 s ones.
        Assert.False(recovery.OnAckReceived(App, Ranges((109, 109), (105, 105)), 0, t0 + Ms(12200)).IsError);
        Assert.Equal(new long[] { 102, 103, 104, 106, 107, 108 }, listener.LostNumbers);
        Assert.Equal(0, recovery.Statistics.PersistentCongestionEvents);
        Assert.True(recovery.Congestion.CongestionWindow > recovery.Congestion.MinimumWindow);
    }

    [Fact]
    public void A_short_period_is_only_a_congestion_event()
    {
        var recovery = CreateConfirmed(out _, new RecoveryOptions { PacingEnabled = false, LossTolerance = 0 });
        recovery.PeerMaxAckDelayMicros = 0;
        long pn = 0;
        long now = recovery.WarmUp(App, ref pn, 0, Second, 40);
        for (int i = 0; i < 4; i++)
            recovery.OnPacketSent(App, Data(pn++, now + i * Ms(500))); // span 1.5 s < ~3 s
        recovery.OnPacketSent(App, Data(pn, now + Ms(2000)));
        recovery.Ack(App, pn, pn, now + Ms(2200));
        Assert.Equal(0, recovery.Statistics.PersistentCongestionEvents);
        Assert.Equal(1, recovery.Statistics.CongestionEvents);
    }

    [Fact]
    public void Packets_sent_before_the_first_rtt_sample_do_not_count()
    {
        var recovery = CreateConfirmed(out var listener, new RecoveryOptions { PacingEnabled = false, LossTolerance = 0 });
        recovery.PeerMaxAckDelayMicros = 0;
        for (long pn = 0; pn < 8; pn++)
            recovery.OnPacketSent(App, Data(pn, pn * Second));
        recovery.OnPacketSent(App, Data(8, Ms(12000)));
        recovery.Ack(App, 8, 8, Ms(12200)); // the first sample arrives with the losses
        Assert.Equal(8, listener.Lost.Count);
        Assert.Equal(0, recovery.Statistics.PersistentCongestionEvents);
        Assert.True(recovery.Congestion.CongestionWindow > recovery.Congestion.MinimumWindow);
    }

    [Fact]
    public void Non_ack_eliciting_lost_packets_do_not_stretch_the_period()
    {
        var recovery = CreateConfirmed(out _, new RecoveryOptions { PacingEnabled = false });
        recovery.PeerMaxAckDelayMicros = 0;
        long pn = 0;
        long now = recovery.WarmUp(App, ref pn, 0, Second, 40);
        recovery.OnPacketSent(App, new SentPacket(pn++, now, Mds, SentPacketFlags.InFlight, 0)); // padding only
        recovery.OnPacketSent(App, Data(pn++, now + Ms(5000)));
        recovery.OnPacketSent(App, Data(pn++, now + Ms(6000)));
        recovery.OnPacketSent(App, new SentPacket(pn++, now + Ms(11000), Mds, SentPacketFlags.InFlight, 0));
        recovery.OnPacketSent(App, Data(pn, now + Ms(14000)));
        recovery.Ack(App, pn, pn, now + Ms(14200));
        Assert.Equal(0, recovery.Statistics.PersistentCongestionEvents); // ack-eliciting span is 1 s
    }

    [Fact]
    public void An_acknowledgement_in_another_space_within_the_period_prevents_it()
    {
        var (recovery, _, t0) = ExampleSetup(handshakeInFlight: true);
        recovery.Ack(Handshake, 0, 0, t0 + Ms(3500)); // sent at t0 + 2.5 s, inside the App period
        recovery.Ack(App, 109, 109, t0 + Ms(12200));
        Assert.Equal(0, recovery.Statistics.PersistentCongestionEvents);
    }

    [Fact]
    public void An_unacknowledged_packet_in_another_space_does_not_prevent_it()
    {
        var (recovery, _, t0) = ExampleSetup(handshakeInFlight: true);
        recovery.Ack(App, 109, 109, t0 + Ms(12200));
        Assert.Equal(1, recovery.Statistics.PersistentCongestionEvents);
    }

    /// <summary>
    /// A confirmed connection whose estimator sits at smoothed_rtt ≈ 1 s, rttvar ≈ 0, with
    /// max_ack_delay 0, then the example's sends (#k is packet 100 + k). Optionally a Handshake
    /// packet is sent at t0 + 2.5 s, inside the period.
    /// </summary>
    private static (LossRecovery Recovery, RecordingListener Listener, long T0) ExampleSetup(bool handshakeInFlight = false)
    {
        var recovery = Create(out var listener, new RecoveryOptions { PacingEnabled = false });
        recovery.PeerMaxAckDelayMicros = 0;
        long pn = 0;
        long t0 = recovery.WarmUp(App, ref pn, 0, Second, 60);
        recovery.OnHandshakeConfirmed(t0);
        Assert.InRange(recovery.Rtt.RttVar, 0, Ms(1));

        double[] sendTimes = [0, 1, 2, 3, 4, 5, 6, 8, 12];
        recovery.OnPacketSent(App, Data(101, t0));
        recovery.OnPacketSent(App, Data(102, t0 + Ms(1000)));
        recovery.Ack(App, 101, 101, t0 + Ms(1200));
        for (int k = 3; k <= 9; k++)
        {
            long at = t0 + Ms(sendTimes[k - 1] * 1000);
            if (handshakeInFlight && k == 5)
                recovery.OnPacketSent(Handshake, Data(0, t0 + Ms(2500)));
            recovery.OnPacketSent(App, Data(100 + k, at));
        }
        listener.Clear();
        return (recovery, listener, t0);
    }
}
