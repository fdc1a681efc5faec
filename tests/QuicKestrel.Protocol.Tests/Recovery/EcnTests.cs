using QuicKestrel.Protocol.Recovery;
using static QuicKestrel.Protocol.Tests.Recovery.RecoveryTestKit;

using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Tests.Recovery;

public class EcnTests
{
    private static readonly RecoveryOptions EcnOn = new() { PacingEnabled = false, EcnEnabled = true };

    [Fact]
    public void Ecn_is_off_unless_enabled()
    {
        var recovery = CreateConfirmed(out _);
        Assert.Equal(EcnValidationState.Disabled, recovery.Ecn.State);
        Assert.False(recovery.Ecn.ShouldMarkEct0);
    }

    [Fact]
    public void Testing_marks_ten_packets_then_waits_and_a_valid_ack_makes_the_path_capable()
    {
        var recovery = CreateConfirmed(out _, EcnOn);
        Assert.True(recovery.Ecn.ShouldMarkEct0);
        for (long pn = 0; pn < 10; pn++)
            recovery.OnPacketSent(App, Ect0(pn, 0));
        Assert.Equal(EcnValidationState.Unknown, recovery.Ecn.State);
        Assert.False(recovery.Ecn.ShouldMarkEct0);

        AckWithEcn(recovery, 0, 3, new EcnCounts(4, 0, 0), Ms(50));
        Assert.Equal(EcnValidationState.Capable, recovery.Ecn.State);
        Assert.True(recovery.Ecn.ShouldMarkEct0);
    }

    [Fact]
    public void Missing_counts_for_acknowledged_ect_packets_fail_validation()
    {
        var recovery = CreateConfirmed(out _, EcnOn);
        recovery.OnPacketSent(App, Ect0(0, 0));
        recovery.Ack(App, 0, 0, Ms(50));
        Assert.Equal(EcnValidationState.Failed, recovery.Ecn.State);
        Assert.False(recovery.Ecn.ShouldMarkEct0);
    }

    [Theory]
    [InlineData(1, 0, 0)] // 2 ECT(0) packets acknowledged, only 1 counted
    [InlineData(2, 1, 0)] // ECT(1) was never sent
    [InlineData(5, 0, 0)] // more ECT(0) than sent
    public void Inconsistent_counts_fail_validation(long ect0, long ect1, long ce)
    {
        var recovery = CreateConfirmed(out _, EcnOn);
        recovery.OnPacketSent(App, Ect0(0, 0));
        recovery.OnPacketSent(App, Ect0(1, 0));
        AckWithEcn(recovery, 0, 1, new EcnCounts((ulong)ect0, (ulong)ect1, (ulong)ce), Ms(50));
        Assert.Equal(EcnValidationState.Failed, recovery.Ecn.State);
    }

    [Fact]
    public void Decreasing_counts_fail_validation()
    {
        var recovery = CreateConfirmed(out _, EcnOn);
        recovery.OnPacketSent(App, Ect0(0, 0));
        recovery.OnPacketSent(App, Ect0(1, 0));
        AckWithEcn(recovery, 0, 0, new EcnCounts(1, 0, 0), Ms(50));
        AckWithEcn(recovery, 1, 1, new EcnCounts(0, 0, 1), Ms(60));
        Assert.Equal(EcnValidationState.Failed, recovery.Ecn.State);
    }

    [Fact]
    public void A_rising_ce_count_is_a_congestion_event_once_per_recovery_period()
    {
        var recovery = CreateConfirmed(out _, EcnOn);
        for (long pn = 0; pn < 4; pn++)
            recovery.OnPacketSent(App, Ect0(pn, Ms(pn)));
        long window = recovery.Congestion.CongestionWindow;

        AckWithEcn(recovery, 0, 0, new EcnCounts(0, 0, 1), Ms(50));
        Assert.Equal((long)(window * CubicCongestionController.Beta), recovery.Congestion.CongestionWindow);
        Assert.Equal(1, recovery.Statistics.EcnCongestionEvents);

        // Another CE mark for a packet sent before the reduction: same recovery period.
        AckWithEcn(recovery, 1, 1, new EcnCounts(0, 0, 2), Ms(51));
        Assert.Equal((long)(window * CubicCongestionController.Beta), recovery.Congestion.CongestionWindow);
        Assert.Equal(2, recovery.Statistics.EcnCongestionEvents); // two CE signals, one reduction
        Assert.Equal(EcnValidationState.Capable, recovery.Ecn.State);
    }

    [Fact]
    public void Counts_of_a_reordered_ack_are_not_validated()
    {
        var recovery = CreateConfirmed(out _, EcnOn);
        recovery.OnPacketSent(App, Ect0(0, 0));
        recovery.OnPacketSent(App, Ect0(1, 0));
        AckWithEcn(recovery, 1, 1, new EcnCounts(1, 0, 0), Ms(50));
        // An older ACK frame, delivered late, acknowledges 0 with stale counts.
        Assert.False(recovery.OnAckReceived(App, Ranges((0, 0)), 0, new EcnCounts(0, 0, 0), Ms(51)).IsError);
        Assert.Equal(EcnValidationState.Capable, recovery.Ecn.State);
    }

    [Fact]
    public void Losing_every_testing_packet_fails_validation()
    {
        var recovery = CreateConfirmed(out _, EcnOn);
        for (long pn = 0; pn < 10; pn++)
            recovery.OnPacketSent(App, Ect0(pn, Ms(pn)));
        recovery.OnPacketSent(App, Data(10, Ms(10)));
        recovery.OnPacketSent(App, Data(11, Ms(11)));
        recovery.OnPacketSent(App, Data(12, Ms(12)));
        recovery.OnPacketSent(App, Data(13, Ms(13)));
        recovery.Ack(App, 13, 13, Ms(60)); // 0..10 lost by packet threshold, the rest by time
        recovery.OnLossDetectionTimeout(recovery.LossDetectionTimer);
        Assert.Equal(EcnValidationState.Failed, recovery.Ecn.State);
    }

    [Fact]
    public void Path_change_restarts_validation()
    {
        var recovery = CreateConfirmed(out _, EcnOn);
        recovery.OnPacketSent(App, Ect0(0, 0));
        recovery.Ack(App, 0, 0, Ms(50));
        Assert.Equal(EcnValidationState.Failed, recovery.Ecn.State);
        recovery.OnPathChanged(Ms(60));
        Assert.Equal(EcnValidationState.Testing, recovery.Ecn.State);
        Assert.Equal(default, recovery.Ecn.PeerCounts(App));
    }

    private static SentPacket Ect0(long pn, long time) =>
        new(pn, time, Mds, SentPacketFlags.AckEliciting | SentPacketFlags.InFlight | SentPacketFlags.Ect0, pn);

    private static void AckWithEcn(LossRecovery recovery, long smallest, long largest, EcnCounts counts, long now) =>
        Assert.False(recovery.OnAckReceived(App, Ranges((smallest, largest)), 0, counts, now).IsError);
}
