using QuicKestrel.Protocol.Recovery;
using static QuicKestrel.Protocol.Tests.Recovery.RecoveryTestKit;

namespace QuicKestrel.Protocol.Tests.Recovery;

public class NewRenoTests
{
    private static readonly RttEstimator Rtt = new(Ms(100));

    [Theory]
    [InlineData(1200, 10, 12000)]
    [InlineData(1472, 10, 14720)]
    [InlineData(1500, 10, 14720)]
    [InlineData(9000, 10, 18000)]
    [InlineData(1200, 20, 24000)]
    [InlineData(1500, 4, 5888)]
    public void Initial_window_is_min_of_p_packets_and_max_of_p_times_1472_and_two_packets(int mds, int packets, long expected)
    {
        var cc = new NewRenoCongestionController(mds, packets);
        Assert.Equal(expected, cc.CongestionWindow);
        Assert.Equal(2L * mds, cc.MinimumWindow);
        Assert.Equal(long.MaxValue, cc.SlowStartThreshold);
        Assert.True(cc.InSlowStart);
    }

    [Fact]
    public void Slow_start_grows_by_the_bytes_acknowledged()
    {
        var cc = new NewRenoCongestionController();
        SendAndAck(cc, packets: 4, sentAt: 0, ackedAt: Ms(100));
        Assert.Equal(12000 + 4 * Mds, cc.CongestionWindow);
        Assert.Equal(0, cc.BytesInFlight);
    }

    [Fact]
    public void Congestion_avoidance_adds_one_datagram_per_window_acknowledged()
    {
        var cc = new NewRenoCongestionController();
        SendAndAck(cc, 10, 0, Ms(100)); // 24000
        cc.OnCongestionEvent(Ms(100), Ms(50)); // halve to 12000
        Assert.Equal(12000, cc.CongestionWindow);
        Assert.Equal(12000, cc.SlowStartThreshold);
        Assert.False(cc.InSlowStart);

        SendAndAck(cc, 9, Ms(200), Ms(300)); // 10800 < 12000 acknowledged: no growth yet
        Assert.Equal(12000, cc.CongestionWindow);
        SendAndAck(cc, 1, Ms(300), Ms(400)); // 12000 reached: one datagram more
        Assert.Equal(13200, cc.CongestionWindow);
        SendAndAck(cc, 11, Ms(400), Ms(500)); // 13200 more: another
        Assert.Equal(14400, cc.CongestionWindow);
    }

    [Fact]
    public void One_reduction_per_recovery_period_and_no_growth_inside_it()
    {
        var cc = new NewRenoCongestionController();
        for (int i = 0; i < 10; i++)
            cc.OnPacketSent(Ms(i), Mds);
        Assert.True(cc.OnCongestionEvent(Ms(100), Ms(2)));
        Assert.Equal(6000, cc.CongestionWindow);
        Assert.True(cc.InRecovery);

        // A loss of a packet sent before the period began: no second reduction.
        Assert.False(cc.OnCongestionEvent(Ms(110), Ms(5)));
        Assert.Equal(6000, cc.CongestionWindow);

        // Acknowledgements of packets sent before the period do not grow the window.
        cc.OnPacketAcked(Ms(9), Mds);
        cc.OnAckProcessed(Ms(120), Rtt, true, false);
        Assert.Equal(6000, cc.CongestionWindow);
        Assert.True(cc.InRecovery);

        // A packet sent after the period began is acknowledged: recovery ends, growth resumes.
        cc.OnPacketSent(Ms(130), Mds);
        cc.OnPacketAcked(Ms(130), Mds);
        cc.OnAckProcessed(Ms(230), Rtt, true, false);
        Assert.False(cc.InRecovery);

        // A loss of a packet sent after the period began reduces again.
        cc.OnPacketSent(Ms(240), Mds);
        Assert.True(cc.OnCongestionEvent(Ms(340), Ms(240)));
        Assert.Equal(3000, cc.CongestionWindow);
    }

    [Fact]
    public void The_window_never_drops_below_the_minimum()
    {
        var cc = new NewRenoCongestionController();
        long now = 0;
        for (int i = 0; i < 10; i++)
        {
            cc.OnPacketSent(now, Mds);
            now += Ms(10);
            cc.OnCongestionEvent(now, now - Ms(5));
            cc.OnPacketRemoved(Mds);
        }
        Assert.Equal(cc.MinimumWindow, cc.CongestionWindow);
    }

    [Fact]
    public void Persistent_congestion_collapses_to_the_minimum_and_ends_recovery()
    {
        var cc = new NewRenoCongestionController();
        SendAndAck(cc, 20, 0, Ms(100));
        cc.OnCongestionEvent(Ms(200), Ms(150));
        cc.OnPersistentCongestion(Ms(200));
        Assert.Equal(2 * Mds, cc.CongestionWindow);
        Assert.False(cc.InRecovery);
        Assert.True(cc.InSlowStart); // ssthresh stays at the halved window
    }

    [Fact]
    public void An_application_limited_sender_does_not_grow_the_window()
    {
        var cc = new NewRenoCongestionController();
        cc.OnPacketSent(0, Mds);
        cc.OnPacketAcked(0, Mds);
        cc.OnAckProcessed(Ms(100), Rtt, true, appLimited: true);
        Assert.Equal(12000, cc.CongestionWindow);
    }

    [Fact]
    public void Window_room_and_can_send()
    {
        var cc = new NewRenoCongestionController();
        for (int i = 0; i < 9; i++)
            cc.OnPacketSent(0, Mds);
        Assert.Equal(Mds, cc.AvailableWindow);
        Assert.True(cc.CanSend(Mds));
        Assert.False(cc.CanSend(Mds + 1));
        cc.OnPacketSent(0, Mds);
        Assert.Equal(0, cc.AvailableWindow);
        Assert.False(cc.CanSend(1));
    }

    [Fact]
    public void Max_datagram_size_changes_recompute_an_untouched_initial_window()
    {
        var cc = new NewRenoCongestionController(1500);
        Assert.Equal(14720, cc.CongestionWindow);
        cc.OnMaxDatagramSizeChanged(1200); // §7.2: shrunk to complete the handshake
        Assert.Equal(12000, cc.CongestionWindow);
        Assert.Equal(2400, cc.MinimumWindow);

        SendAndAck(cc, 10, 0, Ms(100));
        cc.OnMaxDatagramSizeChanged(1452); // a grown window is kept in bytes
        Assert.Equal(24000, cc.CongestionWindow);
        Assert.Equal(1452, cc.MaxDatagramSize);
        Assert.Throws<ArgumentOutOfRangeException>(() => cc.OnMaxDatagramSizeChanged(1000));
    }

    [Fact]
    public void Reset_restores_the_initial_state_but_keeps_bytes_in_flight()
    {
        var cc = new NewRenoCongestionController();
        SendAndAck(cc, 10, 0, Ms(100));
        cc.OnPacketSent(Ms(100), Mds);
        cc.OnCongestionEvent(Ms(150), Ms(120));
        cc.Reset();
        Assert.Equal(12000, cc.CongestionWindow);
        Assert.Equal(long.MaxValue, cc.SlowStartThreshold);
        Assert.Equal(Mds, cc.BytesInFlight);
    }

    [Fact]
    public void Loss_recovery_uses_new_reno_when_configured()
    {
        var recovery = CreateConfirmed(out _, new RecoveryOptions { Algorithm = CongestionControlAlgorithm.NewReno, PacingEnabled = false });
        Assert.IsType<NewRenoCongestionController>(recovery.Congestion);
        var cubic = CreateConfirmed(out _);
        Assert.IsType<CubicCongestionController>(cubic.Congestion);
    }

    internal static void SendAndAck(ICongestionController cc, int packets, long sentAt, long ackedAt, bool appLimited = false)
    {
        for (int i = 0; i < packets; i++)
            cc.OnPacketSent(sentAt, Mds);
        for (int i = 0; i < packets; i++)
            cc.OnPacketAcked(sentAt, Mds);
        cc.OnAckProcessed(ackedAt, Rtt, true, appLimited);
    }
}
