using QuicKestrel.Protocol.Recovery;
using static QuicKestrel.Protocol.Tests.Recovery.RecoveryTestKit;

namespace QuicKestrel.Protocol.Tests.Recovery;

public class HyStartTests
{
    [Fact]
    public void Exits_to_css_when_the_round_min_rtt_rises_by_the_threshold()
    {
        var hystart = new HyStartPlusPlus(paced: true);
        Round(hystart, Ms(100)); // first round: no previous round to compare with
        Round(hystart, Ms(105)); // +5 ms < 100/8 = 12.5 ms
        Assert.Equal(HyStartPhase.SlowStart, hystart.Phase);
        hystart.OnRoundStart();
        for (int i = 0; i < 7; i++)
            hystart.OnRttSample(Ms(120));
        Assert.Equal(HyStartPhase.SlowStart, hystart.Phase); // N_RTT_SAMPLE = 8 samples first
        hystart.OnRttSample(Ms(120)); // 120 ≥ 105 + 105/8
        Assert.Equal(HyStartPhase.ConservativeSlowStart, hystart.Phase);
    }

    [Theory]
    [InlineData(20, 23.9, false)] // 20/8 = 2.5 ms is raised to MIN_RTT_THRESH = 4 ms
    [InlineData(20, 24, true)]
    [InlineData(200, 215.9, false)] // 200/8 = 25 ms is capped at MAX_RTT_THRESH = 16 ms
    [InlineData(200, 216, true)]
    [InlineData(64, 71.9, false)] // 64/8 = 8 ms in between
    [InlineData(64, 72, true)]
    public void Rtt_threshold_is_an_eighth_of_the_last_round_clamped_to_4_to_16_ms(double lastMs, double currentMs, bool exits)
    {
        var hystart = new HyStartPlusPlus(paced: true);
        Round(hystart, Ms(lastMs));
        Round(hystart, Ms(currentMs));
        Assert.Equal(exits ? HyStartPhase.ConservativeSlowStart : HyStartPhase.SlowStart, hystart.Phase);
    }

    [Fact]
    public void Css_grows_a_quarter_as_fast_and_ends_after_five_rounds()
    {
        var hystart = InCss();
        Assert.Equal(300, hystart.Increase(1200, Mds)); // CSS_GROWTH_DIVISOR = 4
        for (int round = 1; round < HyStartPlusPlus.CssRounds; round++)
        {
            Assert.False(hystart.OnRoundStart());
            Assert.Equal(HyStartPhase.ConservativeSlowStart, hystart.Phase);
        }
        Assert.True(hystart.OnRoundStart()); // the caller sets ssthresh = cwnd
        Assert.Equal(HyStartPhase.Finished, hystart.Phase);
        Assert.Equal(1200, hystart.Increase(1200, Mds));
    }

    [Fact]
    public void A_falling_rtt_in_css_resumes_slow_start()
    {
        var hystart = InCss(); // baseline 120 ms
        hystart.OnRoundStart();
        for (int i = 0; i < 8; i++)
            hystart.OnRttSample(Ms(110));
        Assert.Equal(HyStartPhase.SlowStart, hystart.Phase);
        Assert.Equal(1200, hystart.Increase(1200, Mds));
    }

    [Fact]
    public void Unpaced_senders_limit_each_ack_to_l_segments()
    {
        var unpaced = new HyStartPlusPlus(paced: false);
        Assert.Equal(8 * Mds, unpaced.Increase(20 * Mds, Mds)); // L = 8
        var paced = new HyStartPlusPlus(paced: true);
        Assert.Equal(20 * Mds, paced.Increase(20 * Mds, Mds)); // L = ∞ when paced
    }

    [Fact]
    public void A_congestion_event_ends_hystart()
    {
        var hystart = InCss();
        hystart.OnCongestionEvent();
        Assert.Equal(HyStartPhase.Finished, hystart.Phase);
        hystart.OnRttSample(1);
        Assert.Equal(HyStartPhase.Finished, hystart.Phase);
    }

    [Fact]
    public void Cubic_leaves_slow_start_through_css_when_the_queue_builds()
    {
        var cc = new CubicCongestionController(Mds, 10, hyStart: true);
        var rtt = new RttEstimator();
        long now = 0;
        // Three rounds at 100 ms: plain doubling.
        for (int round = 0; round < 3; round++)
            now = RunRound(cc, rtt, now, Ms(100));
        Assert.Equal(80 * Mds, cc.CongestionWindow);
        Assert.Equal(HyStartPhase.SlowStart, cc.HyStartPhase);

        // The queue adds 20 ms: after 8 samples, CSS; the rest of the round grows by a quarter.
        now = RunRound(cc, rtt, now, Ms(120));
        Assert.Equal(HyStartPhase.ConservativeSlowStart, cc.HyStartPhase);
        Assert.Equal((80 + 8) * Mds + (80 - 8) * Mds / 4, cc.CongestionWindow);
        Assert.Equal(long.MaxValue, cc.SlowStartThreshold);

        // Four more rounds of CSS, then the fifth round start enters congestion avoidance.
        for (int round = 0; round < 4; round++)
        {
            long before = cc.CongestionWindow;
            now = RunRound(cc, rtt, now, Ms(120));
            Assert.Equal(before + before / 4, cc.CongestionWindow, 1.0 * Mds);
        }
        Assert.Equal(HyStartPhase.ConservativeSlowStart, cc.HyStartPhase);
        long window = cc.CongestionWindow;
        RunRound(cc, rtt, now, Ms(120));
        Assert.Equal(HyStartPhase.Finished, cc.HyStartPhase);
        Assert.Equal(window, cc.SlowStartThreshold);
        Assert.False(cc.InSlowStart);
    }

    private static HyStartPlusPlus InCss()
    {
        var hystart = new HyStartPlusPlus(paced: true);
        Round(hystart, Ms(100));
        Round(hystart, Ms(120));
        Assert.Equal(HyStartPhase.ConservativeSlowStart, hystart.Phase);
        return hystart;
    }

    private static void Round(HyStartPlusPlus hystart, long rtt)
    {
        hystart.OnRoundStart();
        for (int i = 0; i < HyStartPlusPlus.RttSamplesPerRound; i++)
            hystart.OnRttSample(rtt);
    }

    /// <summary>Sends a window at <paramref name="now"/>, then acknowledges it packet by packet one RTT later.</summary>
    private static long RunRound(CubicCongestionController cc, RttEstimator rtt, long now, long roundTrip)
    {
        int packets = (int)(cc.CongestionWindow / Mds);
        for (int i = 0; i < packets; i++)
            cc.OnPacketSent(now, Mds);
        long ackTime = now + roundTrip;
        for (int i = 0; i < packets; i++)
        {
            rtt.AddSample(roundTrip, 0, true, 0, ackTime);
            cc.OnPacketAcked(now, Mds);
            cc.OnAckProcessed(ackTime + i, rtt, rttSampled: true, appLimited: false);
        }
        return ackTime + packets;
    }
}
