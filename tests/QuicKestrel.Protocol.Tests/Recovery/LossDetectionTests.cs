using QuicKestrel.Protocol.Recovery;
using QuicKestrel.Protocol.Wire;
using static QuicKestrel.Protocol.Tests.Recovery.RecoveryTestKit;

namespace QuicKestrel.Protocol.Tests.Recovery;

public class LossDetectionTests
{
    [Fact]
    public void Packet_threshold_declares_packets_three_below_the_largest_acked_lost()
    {
        var recovery = CreateConfirmed(out var listener);
        for (long pn = 0; pn < 6; pn++)
            recovery.OnPacketSent(App, Data(pn, Ms(pn), token: 100 + pn));
        recovery.Ack(App, 5, 5, Ms(50));

        // 5 - 2 = 3 ≥ kPacketThreshold; 3 and 4 are within the reordering window.
        Assert.Equal(new long[] { 0, 1, 2 }, listener.LostNumbers);
        Assert.Equal(new long[] { 100, 101, 102 }, listener.Lost.Select(l => l.Token));
        Assert.Equal(new long[] { 5 }, listener.AckedNumbers);
        Assert.Equal(105, listener.Acked[0].Token);
        Assert.Equal(2, recovery.OutstandingPackets(App));
        // The survivors arm the time-threshold timer: packet 3's send time + 9/8 × the 45 ms sample.
        Assert.Equal(Ms(3) + Ms(45) * 9 / 8, recovery.LossTime(App));
        Assert.Equal(recovery.LossTime(App), recovery.LossDetectionTimer);
    }

    [Fact]
    public void Time_threshold_declares_a_packet_lost_when_the_loss_timer_fires()
    {
        var recovery = CreateConfirmed(out var listener);
        recovery.OnPacketSent(App, Data(0, 0));
        recovery.OnPacketSent(App, Data(1, Ms(10)));
        recovery.Ack(App, 1, 1, Ms(110)); // sample 100 ms
        Assert.Empty(listener.Lost);

        long lossDelay = Ms(100) * 9 / 8;
        Assert.Equal(lossDelay, recovery.LossDelay);
        Assert.Equal(lossDelay, recovery.LossDetectionTimer);
        Assert.Equal(LossTimerOutcome.NotDue, recovery.OnLossDetectionTimeout(lossDelay - 1));
        Assert.Equal(LossTimerOutcome.LossDetected, recovery.OnLossDetectionTimeout(lossDelay));
        Assert.Equal(new long[] { 0 }, listener.LostNumbers);
        Assert.Equal(RecoveryConstants.Never, recovery.LossTime(App));
        Assert.Equal(RecoveryConstants.Never, recovery.LossDetectionTimer); // nothing left in flight
        Assert.Equal(0, recovery.PtoCount); // a loss timer is not a PTO
    }

    [Fact]
    public void Loss_delay_uses_the_larger_of_latest_and_smoothed_rtt_and_at_least_the_granularity()
    {
        var recovery = CreateConfirmed(out _);
        long pn = 0;
        long now = recovery.WarmUp(App, ref pn, 0, Ms(100), 1);
        recovery.OnPacketSent(App, Data(pn++, now));
        recovery.Ack(App, pn - 1, pn - 1, now + Ms(300)); // latest 300 > smoothed 125
        Assert.Equal(Ms(300) * 9 / 8, recovery.LossDelay);

        var fast = CreateConfirmed(out _);
        pn = 0;
        fast.WarmUp(App, ref pn, 0, 100, 1); // 100 µs
        Assert.Equal(RecoveryConstants.GranularityMicros, fast.LossDelay);
    }

    [Fact]
    public void An_rtt_sample_needs_a_newly_acked_ack_eliciting_largest()
    {
        var recovery = CreateConfirmed(out _);
        recovery.OnPacketSent(App, Data(0, 0));
        recovery.OnPacketSent(App, AckOnly(1, Ms(5)));
        recovery.Ack(App, 0, 1, Ms(100)); // largest (1) is not ack-eliciting, but 0 is: RFC samples on the largest's send time
        Assert.True(recovery.Rtt.HasSample);
        Assert.Equal(Ms(95), recovery.Rtt.LatestRtt);

        var onlyAckOnly = CreateConfirmed(out _);
        onlyAckOnly.OnPacketSent(App, AckOnly(0, 0));
        onlyAckOnly.Ack(App, 0, 0, Ms(100));
        Assert.False(onlyAckOnly.Rtt.HasSample);

        var duplicate = CreateConfirmed(out _);
        duplicate.OnPacketSent(App, Data(0, 0));
        duplicate.OnPacketSent(App, Data(1, Ms(1)));
        duplicate.Ack(App, 1, 1, Ms(100));
        duplicate.Ack(App, 0, 1, Ms(300)); // 0 newly acked, largest 1 is not: no new sample
        Assert.Equal(Ms(99), duplicate.Rtt.LatestRtt);
    }

    [Fact]
    public void Multiple_ranges_acknowledge_exactly_the_listed_packets()
    {
        var recovery = CreateConfirmed(out var listener);
        for (long pn = 0; pn < 10; pn++)
            recovery.OnPacketSent(App, Data(pn, Ms(pn)));
        var error = recovery.OnAckReceived(App, Ranges((8, 9), (5, 6), (2, 2)), 0, Ms(40));
        Assert.False(error.IsError);
        Assert.Equal(new long[] { 2, 5, 6, 8, 9 }, listener.AckedNumbers.Order());
        // 0, 1 (9 - 1 ≥ 3), 3, 4 are lost by packet threshold; 7 is within the window.
        Assert.Equal(new long[] { 0, 1, 3, 4 }, listener.LostNumbers);
        Assert.Equal(1, recovery.OutstandingPackets(App));
        Assert.Equal(Mds, recovery.Congestion.BytesInFlight);
    }

    [Fact]
    public void Bytes_in_flight_ignore_ack_only_packets_and_fall_on_ack_and_loss()
    {
        var recovery = CreateConfirmed(out _);
        recovery.OnPacketSent(App, Data(0, 0, bytes: 1000));
        recovery.OnPacketSent(App, AckOnly(1, 0));
        recovery.OnPacketSent(App, Data(2, 0, bytes: 700));
        Assert.Equal(1700, recovery.Congestion.BytesInFlight);
        Assert.Equal(2, recovery.AckElicitingInFlight);
        recovery.Ack(App, 2, 2, Ms(10));
        Assert.Equal(1000, recovery.Congestion.BytesInFlight);
        recovery.OnLossDetectionTimeout(recovery.LossDetectionTimer);
        Assert.Equal(0, recovery.Congestion.BytesInFlight);
        Assert.Equal(0, recovery.AckElicitingInFlight);
    }

    [Fact]
    public void Acknowledging_a_packet_never_sent_is_a_protocol_violation()
    {
        var recovery = CreateConfirmed(out var listener);
        recovery.OnPacketSent(App, Data(0, 0));
        QuicError error = recovery.OnAckReceived(App, Ranges((0, 1)), 0, Ms(10));
        Assert.Equal(TransportErrorCode.ProtocolViolation, error.Code);
        Assert.Empty(listener.Acked);
        Assert.Equal(Mds, recovery.Congestion.BytesInFlight);
    }

    [Theory]
    [InlineData(new long[] { })]
    [InlineData(new long[] { 3, 2 })] // inverted
    [InlineData(new long[] { 4, 5, 3, 4 })] // overlapping
    [InlineData(new long[] { 4, 5, 3, 3 })] // adjacent: no gap
    [InlineData(new long[] { 0, 1, 4, 5 })] // ascending
    [InlineData(new long[] { -1, 1 })]
    public void Malformed_ranges_are_an_error_value_not_an_exception(long[] bounds)
    {
        var recovery = CreateConfirmed(out var listener);
        for (long pn = 0; pn < 8; pn++)
            recovery.OnPacketSent(App, Data(pn, 0));
        var ranges = new AckRange[bounds.Length / 2];
        for (int i = 0; i < ranges.Length; i++)
            ranges[i] = new AckRange(bounds[2 * i], bounds[2 * i + 1]);
        Assert.Equal(TransportErrorCode.FrameEncodingError, recovery.OnAckReceived(App, ranges, 0, Ms(10)).Code);
        Assert.Empty(listener.Acked);
    }

    [Fact]
    public void Duplicate_and_late_acks_change_nothing()
    {
        var recovery = CreateConfirmed(out var listener);
        for (long pn = 0; pn < 3; pn++)
            recovery.OnPacketSent(App, Data(pn, 0));
        recovery.Ack(App, 0, 2, Ms(10));
        long window = recovery.Congestion.CongestionWindow;
        recovery.Ack(App, 0, 2, Ms(20));
        recovery.Ack(App, 1, 1, Ms(30));
        Assert.Equal(3, listener.Acked.Count);
        Assert.Equal(window, recovery.Congestion.CongestionWindow);
        Assert.Equal(2, recovery.LargestAcked(App));
    }

    [Fact]
    public void Acks_for_a_discarded_space_are_ignored()
    {
        var recovery = Create(out var listener);
        recovery.OnPacketSent(Initial, Data(0, 0));
        recovery.DiscardSpace(Initial, Ms(1));
        Assert.False(recovery.OnAckReceived(Initial, Ranges((0, 0)), 0, Ms(10)).IsError);
        Assert.Empty(listener.Acked);
        Assert.Throws<InvalidOperationException>(() => recovery.OnPacketSent(Initial, Data(1, Ms(2))));
    }

    [Fact]
    public void Rejected_zero_rtt_packets_are_lost_without_a_congestion_event()
    {
        var recovery = Create(out var listener);
        recovery.OnPacketSent(Initial, Data(0, 0));
        recovery.OnPacketSent(App, new SentPacket(0, 0, Mds, SentPacketFlags.AckEliciting | SentPacketFlags.InFlight | SentPacketFlags.ZeroRtt, 7));
        recovery.OnPacketSent(App, new SentPacket(1, 0, Mds, SentPacketFlags.AckEliciting | SentPacketFlags.InFlight | SentPacketFlags.ZeroRtt, 8));
        long window = recovery.Congestion.CongestionWindow;
        recovery.OnZeroRttRejected(Ms(50));
        Assert.Equal(new long[] { 7, 8 }, listener.Lost.Select(l => l.Token));
        Assert.Equal(Mds, recovery.Congestion.BytesInFlight);
        Assert.Equal(window, recovery.Congestion.CongestionWindow);
        Assert.Equal(0, recovery.AckElicitingInFlightIn(App));
    }

    [Fact]
    public void A_new_path_restarts_rtt_and_window_but_keeps_bytes_in_flight()
    {
        var recovery = CreateConfirmed(out _, new RecoveryOptions { PacingEnabled = false, LossTolerance = 0 });
        long pn = 0;
        long now = recovery.WarmUp(App, ref pn, 0, Ms(40), 30);
        for (int i = 0; i < 4; i++)
            recovery.OnPacketSent(App, Data(pn++, now));
        recovery.Ack(App, pn - 1, pn - 1, now + Ms(40)); // the first is lost: a reduction
        Assert.True(recovery.Congestion.SlowStartThreshold < long.MaxValue);

        recovery.OnPathChanged(now + Ms(50));
        Assert.False(recovery.Rtt.HasSample);
        Assert.Equal(Ms(333), recovery.Rtt.SmoothedRtt);
        Assert.Equal(12000, recovery.Congestion.CongestionWindow);
        Assert.Equal(long.MaxValue, recovery.Congestion.SlowStartThreshold);
        Assert.Equal(2 * Mds, recovery.Congestion.BytesInFlight); // the two still outstanding keep counting
    }

    [Fact]
    public void A_retry_resends_initial_and_zero_rtt_data_and_starts_recovery_over()
    {
        var recovery = Create(out var listener);
        recovery.OnPacketSent(Initial, Data(0, 0, token: 10));
        recovery.OnPacketSent(Initial, Data(1, Ms(5), token: 11));
        recovery.OnPacketSent(App, new SentPacket(0, Ms(6), Mds, SentPacketFlags.AckEliciting | SentPacketFlags.InFlight | SentPacketFlags.ZeroRtt, 12));
        recovery.OnLossDetectionTimeout(recovery.LossDetectionTimer);
        Assert.Equal(1, recovery.PtoCount);

        recovery.OnRetryReceived(Ms(1080));
        Assert.Equal(new long[] { 10, 11, 12 }, listener.Lost.Select(l => l.Token));
        Assert.Equal(0, recovery.Congestion.BytesInFlight);
        Assert.Equal(12000, recovery.Congestion.CongestionWindow);
        Assert.Equal(0, recovery.PtoCount);
        Assert.Equal(0, recovery.Statistics.CongestionEvents);
        Assert.Equal(Ms(1080), recovery.Rtt.LatestRtt); // from the first Initial to the Retry

        // Packet numbers continue; the new Initial's PTO uses the sample.
        Assert.Throws<ArgumentException>(() => recovery.OnPacketSent(Initial, Data(1, Ms(1081))));
        recovery.OnPacketSent(Initial, Data(2, Ms(1081)));
        Assert.Equal(Ms(1081) + recovery.Rtt.PtoBase, recovery.LossDetectionTimer);
    }

    [Fact]
    public void A_lost_mtu_probe_is_no_congestion_signal()
    {
        var recovery = CreateConfirmed(out var listener, new RecoveryOptions { PacingEnabled = false, LossTolerance = 0 });
        recovery.OnPacketSent(App, new SentPacket(0, 0, 1500, SentPacketFlags.AckEliciting | SentPacketFlags.InFlight | SentPacketFlags.MtuProbe, 0));
        for (long pn = 1; pn < 5; pn++)
            recovery.OnPacketSent(App, Data(pn, Ms(1)));
        long window = recovery.Congestion.CongestionWindow;
        recovery.Ack(App, 1, 4, Ms(50));
        Assert.Equal(new long[] { 0 }, listener.LostNumbers);
        Assert.Equal(0, recovery.Congestion.BytesInFlight);
        Assert.True(recovery.Congestion.CongestionWindow > window); // grew, no reduction
        Assert.Equal(0, recovery.Statistics.CongestionEvents);
    }

    [Fact]
    public void Oldest_outstanding_packet_is_available_for_probes()
    {
        var recovery = CreateConfirmed(out _);
        Assert.False(recovery.TryGetOldestOutstanding(App, out _));
        recovery.OnPacketSent(App, AckOnly(0, 0));
        recovery.OnPacketSent(App, Data(1, 0, token: 41));
        recovery.OnPacketSent(App, Data(2, 0, token: 42));
        Assert.True(recovery.TryGetOldestOutstanding(App, out var oldest));
        Assert.Equal(41, oldest.FramesToken);
    }
}
