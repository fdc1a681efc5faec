using QuicKestrel.Protocol.Recovery;
using static QuicKestrel.Protocol.Tests.Recovery.RecoveryTestKit;

namespace QuicKestrel.Protocol.Tests.Recovery;

public class RttEstimatorTests
{
    [Fact]
    public void Before_any_sample_the_initial_rtt_gives_a_one_second_pto()
    {
        var rtt = new RttEstimator();
        Assert.False(rtt.HasSample);
        Assert.Equal(Ms(333), rtt.SmoothedRtt);
        Assert.Equal(Ms(166.5), rtt.RttVar);
        // §6.2.2: 333 ms + 4 × 166.5 ms = 999 ms.
        Assert.Equal(Ms(999), rtt.PtoBase);
    }

    [Fact]
    public void Initial_rtt_is_configurable()
    {
        var rtt = new RttEstimator(Ms(100));
        Assert.Equal(Ms(100), rtt.SmoothedRtt);
        Assert.Equal(Ms(50), rtt.RttVar);
        Assert.Throws<ArgumentOutOfRangeException>(() => new RttEstimator(0));
    }

    [Fact]
    public void First_sample_sets_everything_and_ignores_the_ack_delay()
    {
        var rtt = new RttEstimator();
        rtt.AddSample(Ms(100), ackDelayMicros: Ms(30), handshakeConfirmed: true, maxAckDelayMicros: Ms(25), now: Ms(500));
        Assert.True(rtt.HasSample);
        Assert.Equal(Ms(500), rtt.FirstSampleTime);
        Assert.Equal(Ms(100), rtt.LatestRtt);
        Assert.Equal(Ms(100), rtt.MinRtt);
        Assert.Equal(Ms(100), rtt.SmoothedRtt);
        Assert.Equal(Ms(50), rtt.RttVar);
    }

    [Fact]
    public void Later_samples_subtract_the_ack_delay_and_smooth_with_one_eighth_and_one_quarter()
    {
        var rtt = new RttEstimator();
        rtt.AddSample(Ms(100), 0, true, Ms(25), 0);
        rtt.AddSample(Ms(130), Ms(20), true, Ms(25), 1);
        // adjusted = 130 - 20 = 110; rttvar = 3/4·50 + 1/4·|100 - 110| = 40; srtt = 7/8·100 + 1/8·110.
        Assert.Equal(Ms(130), rtt.LatestRtt);
        Assert.Equal(Ms(100), rtt.MinRtt);
        Assert.Equal(Ms(40), rtt.RttVar);
        Assert.Equal(Ms(101.25), rtt.SmoothedRtt);
    }

    [Fact]
    public void Ack_delay_is_not_subtracted_when_that_would_go_below_min_rtt()
    {
        var rtt = new RttEstimator();
        rtt.AddSample(Ms(100), 0, true, Ms(25), 0);
        rtt.AddSample(Ms(110), Ms(20), true, Ms(25), 1);
        // 110 < min_rtt + ack_delay = 120: the raw 110 ms is used.
        Assert.Equal(Ms(100) * 7 / 8 + Ms(110) / 8, rtt.SmoothedRtt);
        Assert.Equal((3 * Ms(50) + Ms(10)) / 4, rtt.RttVar);
    }

    [Fact]
    public void Ack_delay_is_capped_by_max_ack_delay_only_once_the_handshake_is_confirmed()
    {
        var confirmed = new RttEstimator();
        confirmed.AddSample(Ms(100), 0, true, Ms(25), 0);
        confirmed.AddSample(Ms(200), Ms(80), handshakeConfirmed: true, maxAckDelayMicros: Ms(25), now: 1);
        Assert.Equal(Ms(100) * 7 / 8 + Ms(175) / 8, confirmed.SmoothedRtt); // 200 - min(80, 25)

        var unconfirmed = new RttEstimator();
        unconfirmed.AddSample(Ms(100), 0, false, Ms(25), 0);
        unconfirmed.AddSample(Ms(200), Ms(80), handshakeConfirmed: false, maxAckDelayMicros: Ms(25), now: 1);
        Assert.Equal(Ms(100) * 7 / 8 + Ms(120) / 8, unconfirmed.SmoothedRtt); // 200 - 80: max_ack_delay ignored
    }

    [Fact]
    public void Min_rtt_uses_raw_samples_and_can_restart_after_persistent_congestion()
    {
        var rtt = new RttEstimator();
        rtt.AddSample(Ms(100), 0, true, Ms(25), 0);
        rtt.AddSample(Ms(80), Ms(10), true, Ms(25), 1);
        rtt.AddSample(Ms(150), 0, true, Ms(25), 2);
        Assert.Equal(Ms(80), rtt.MinRtt);
        rtt.ResetMinRttToLatest();
        Assert.Equal(Ms(150), rtt.MinRtt);
    }

    [Fact]
    public void A_zero_sample_is_taken_as_one_microsecond_and_reset_restores_the_initial_state()
    {
        var rtt = new RttEstimator(Ms(50));
        rtt.AddSample(0, 0, true, Ms(25), 0);
        Assert.Equal(1, rtt.SmoothedRtt);
        Assert.Equal(1, rtt.MinRtt);
        rtt.Reset();
        Assert.False(rtt.HasSample);
        Assert.Equal(Ms(50), rtt.SmoothedRtt);
    }

    [Fact]
    public void Ack_delay_of_initial_packets_is_ignored_by_loss_recovery()
    {
        var recovery = Create(out _);
        recovery.OnPacketSent(Initial, Data(0, 0));
        recovery.OnPacketSent(Initial, Data(1, Ms(10)));
        recovery.Ack(Initial, 0, 0, Ms(100));
        recovery.Ack(Initial, 1, 1, Ms(150), ackDelay: Ms(20));
        // Second sample 140 ms; the 20 ms delay is ignored in the Initial space.
        Assert.Equal(Ms(100) * 7 / 8 + Ms(140) / 8, recovery.Rtt.SmoothedRtt);

        var handshake = Create(out _);
        handshake.OnPacketSent(Handshake, Data(0, 0));
        handshake.OnPacketSent(Handshake, Data(1, Ms(10)));
        handshake.Ack(Handshake, 0, 0, Ms(100));
        handshake.Ack(Handshake, 1, 1, Ms(150), ackDelay: Ms(20));
        Assert.Equal(Ms(100) * 7 / 8 + Ms(120) / 8, handshake.Rtt.SmoothedRtt);
    }
}
