using QuicKestrel.Protocol.Recovery;
using static QuicKestrel.Protocol.Tests.Recovery.RecoveryTestKit;

namespace QuicKestrel.Protocol.Tests.Recovery;

/// <summary>How losses reach the congestion controller: §7.3.2's recovery period and the random-loss filter.</summary>
public class CongestionSignalTests
{
    [Fact]
    public void Losses_in_one_recovery_period_reduce_the_window_once()
    {
        var recovery = CreateConfirmed(out var listener, new RecoveryOptions { PacingEnabled = false, LossTolerance = 0 });
        for (long pn = 0; pn < 10; pn++)
            recovery.OnPacketSent(App, Data(pn, Ms(pn)));
        long window = recovery.Congestion.CongestionWindow;

        recovery.Ack(App, 4, 4, Ms(100)); // 0 and 1 lost
        long reduced = recovery.Congestion.CongestionWindow;
        Assert.Equal((long)(window * CubicCongestionController.Beta), reduced);
        recovery.Ack(App, 9, 9, Ms(110)); // 2, 3, 5, 6 lost: all sent before the period began
        Assert.Equal(6, listener.Lost.Count);
        Assert.Equal(reduced, recovery.Congestion.CongestionWindow);
        Assert.Equal(1, recovery.Statistics.CongestionEvents);

        // A loss of a packet sent after the reduction starts a new period.
        for (long pn = 10; pn < 14; pn++)
            recovery.OnPacketSent(App, Data(pn, Ms(120)));
        recovery.Ack(App, 13, 13, Ms(220));
        Assert.Equal((long)(reduced * CubicCongestionController.Beta), recovery.Congestion.CongestionWindow);
        Assert.Equal(2, recovery.Statistics.CongestionEvents);
    }

    [Fact]
    public void A_single_random_loss_in_a_large_window_is_not_congestion()
    {
        var filter = new CongestionLossFilter(0.02);
        Assert.False(filter.IsCongestionSignal(Mds, 1, 2_000 * Mds));
        Assert.False(filter.IsCongestionSignal(Mds, 1, 2_000 * Mds)); // two packets, but 0.1 %
        Assert.True(filter.IsCongestionSignal(40 * Mds, 40, 2_000 * Mds)); // 42 of 2000: over 2 %
    }

    [Fact]
    public void Small_windows_need_two_losses_in_a_round()
    {
        var filter = new CongestionLossFilter(0.02);
        Assert.False(filter.IsCongestionSignal(Mds, 1, 10 * Mds));
        Assert.True(filter.IsCongestionSignal(Mds, 1, 10 * Mds));
    }

    [Fact]
    public void Loss_counts_restart_each_round_trip()
    {
        var filter = new CongestionLossFilter(0.02);
        Assert.False(filter.IsCongestionSignal(Mds, 1, 10 * Mds));
        filter.OnPacketAcked(timeSent: Ms(10)); // sent after the (initial) round start
        filter.OnAckProcessed(Ms(100));
        Assert.Equal(0, filter.LostPacketsInRound);
        Assert.False(filter.IsCongestionSignal(Mds, 1, 10 * Mds));
        filter.OnPacketAcked(timeSent: Ms(50)); // sent before the new round began: same round
        filter.OnAckProcessed(Ms(150));
        Assert.True(filter.IsCongestionSignal(Mds, 1, 10 * Mds));
    }

    [Fact]
    public void Zero_tolerance_makes_every_loss_congestion()
    {
        var filter = new CongestionLossFilter(0);
        Assert.True(filter.IsCongestionSignal(Mds, 1, 10_000 * Mds));
    }

    [Fact]
    public void Loss_recovery_ignores_isolated_random_loss_but_not_a_burst()
    {
        var recovery = CreateConfirmed(out _, new RecoveryOptions { PacingEnabled = false });
        long pn = 0;
        long now = 0;
        // Grow the window to a few hundred packets with a clean slow start.
        while (recovery.Congestion.CongestionWindow < 300 * Mds)
        {
            long first = pn;
            long burst = recovery.Congestion.AvailableWindow / Mds;
            for (long i = 0; i < burst; i++)
                recovery.OnPacketSent(App, Data(pn++, now));
            now += Ms(50);
            recovery.Ack(App, first, pn - 1, now);
        }
        long window = recovery.Congestion.CongestionWindow;

        // One packet of a full window is lost: repaired, no reduction.
        long start = pn;
        long count = recovery.Congestion.AvailableWindow / Mds;
        for (long i = 0; i < count; i++)
            recovery.OnPacketSent(App, Data(pn++, now));
        now += Ms(50);
        Assert.False(recovery.OnAckReceived(App, Ranges((start + 11, pn - 1), (start, start + 9)), 0, now).IsError);
        Assert.Equal(1, recovery.Statistics.PacketsLost);
        Assert.Equal(1, recovery.Statistics.LossesIgnoredAsRandom);
        Assert.True(recovery.Congestion.CongestionWindow >= window);

        // A tail of 10 % of the window is dropped (a queue overflowing): the window is reduced.
        start = pn;
        count = recovery.Congestion.AvailableWindow / Mds;
        for (long i = 0; i < count; i++)
            recovery.OnPacketSent(App, Data(pn++, now));
        now += Ms(50);
        long keep = count * 9 / 10;
        recovery.Ack(App, start, start + keep - 1, now);
        recovery.OnPacketSent(App, Data(pn, now));
        recovery.Ack(App, pn, pn, now + Ms(50));
        Assert.Equal(1, recovery.Statistics.CongestionEvents);
        Assert.True(recovery.Congestion.CongestionWindow < window);
    }
}
