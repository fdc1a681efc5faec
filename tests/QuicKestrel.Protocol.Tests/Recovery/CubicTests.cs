using QuicKestrel.Protocol.Recovery;
using static QuicKestrel.Protocol.Tests.Recovery.RecoveryTestKit;

namespace QuicKestrel.Protocol.Tests.Recovery;

public class CubicTests
{
    private const double Beta = 0.7;
    private const double C = 0.4;

    [Fact]
    public void A_loss_multiplies_the_window_by_beta_and_remembers_w_max()
    {
        var cc = GrownTo(100);
        cc.OnPacketSent(Ms(1000), Mds);
        Assert.True(cc.OnCongestionEvent(Ms(1000), Ms(900)));
        Assert.Equal((long)(100 * Mds * Beta), cc.CongestionWindow);
        Assert.Equal((long)(100 * Mds * Beta), cc.SlowStartThreshold);
        Assert.Equal(100.0 * Mds, cc.WMax);
    }

    [Fact]
    public void After_a_loss_the_window_follows_w_cubic_through_its_plateau_at_w_max()
    {
        // W_max = 1000 segments, RTT 100 ms: far from the Reno-friendly region, so the cubic curve rules.
        var rtt = RttOf(Ms(100));
        var cc = GrownTo(1000);
        cc.OnCongestionEvent(Ms(1000), Ms(999));

        // A cwnd-limited flow: every 10 ms a tenth of the window is acknowledged (one window per RTT).
        long epochStart = Ms(1010);
        double k = Math.Cbrt(1000 * (1 - Beta) / C); // RFC 9438 §4.2 with cwnd_epoch = β·W_max
        double previousGrowth = double.MaxValue;
        double window = cc.CongestionWindow;
        for (long now = epochStart; now <= epochStart + Ms(14000); now += Ms(10))
        {
            AckWindowFraction(cc, rtt, now, 0.1);
            if (now == epochStart)
                Assert.Equal(k, cc.K, 6);
            double t = (now - epochStart) / 1e6;
            double wCubicSegments = C * Math.Pow(t - k, 3) + 1000;
            double segments = (double)cc.CongestionWindow / Mds;
            if (t >= 0.1)
                Assert.True(cc.WCubic(t) >= cc.WEst, $"left the cubic region at t={t}");
            // After the start-up transient (a few RTTs) the window tracks the closed-form curve
            // within 1 %: it aims one RTT ahead and closes the gap over about one RTT.
            if (t >= 0.5)
                Assert.InRange(segments, wCubicSegments * 0.99, wCubicSegments * 1.01);

            // Concave: growth per second shrinks towards K; convex: it grows again after.
            if ((now - epochStart) % Ms(1000) == 0 && now > epochStart)
            {
                double growth = cc.CongestionWindow - window;
                if (t <= Math.Floor(k))
                    Assert.True(growth < previousGrowth, $"concave at t={t}");
                if (t >= Math.Ceiling(k) + 1)
                    Assert.True(growth > previousGrowth, $"convex at t={t}");
                previousGrowth = growth;
                window = cc.CongestionWindow;
            }
        }
        // At t = K the curve passes W_max.
        Assert.Equal(1000.0 * Mds, cc.WCubic(k), 6);
    }

    [Fact]
    public void Reno_friendly_region_uses_w_est_with_alpha_then_one()
    {
        var rtt = RttOf(Ms(1));
        var cc = GrownTo(20);
        cc.OnCongestionEvent(Ms(1000), Ms(999)); // cwnd 14 segments, W_max 20, K ≈ 2.47 s

        double alpha = 3 * (1 - Beta) / (1 + Beta);
        long now = Ms(1001);
        AckWindowFraction(cc, rtt, now, 1.0); // epoch starts: W_est = 14 segments, then + α
        Assert.Equal(14 * Mds + alpha * Mds, cc.WEst, 6);
        Assert.Equal(cc.WEst, cc.CongestionWindow, 0);

        // While W_est < cwnd_prior (20 segments) it grows α per window acknowledged, then 1.
        double before = cc.WEst;
        for (int i = 0; i < 100; i++)
        {
            now += Ms(1);
            double wEst = cc.WEst;
            AckWindowFraction(cc, rtt, now, 1.0);
            double expectedStep = (wEst >= 20 * Mds ? 1.0 : alpha) * Mds;
            Assert.Equal(expectedStep, cc.WEst - wEst, 0);
            double t = (now - cc.EpochStart) / 1e6;
            Assert.True(cc.WCubic(t) < cc.WEst); // still the Reno-friendly region
            Assert.Equal((long)cc.WEst, cc.CongestionWindow);
        }
        Assert.True(cc.WEst > before + 90 * Mds);
    }

    [Fact]
    public void Fast_convergence_lowers_w_max_when_losing_ground()
    {
        var cc = GrownTo(100);
        cc.OnCongestionEvent(Ms(1000), Ms(999)); // W_max 100, cwnd 70
        cc.OnPacketSent(Ms(1100), Mds);
        cc.OnCongestionEvent(Ms(1200), Ms(1100)); // a loss below W_max
        Assert.Equal(70 * Mds * (1 + Beta) / 2, cc.WMax, 6);
        Assert.Equal((long)(70 * Mds * Beta), cc.CongestionWindow);

        var plain = GrownTo(100, fastConvergence: false);
        plain.OnCongestionEvent(Ms(1000), Ms(999));
        plain.OnPacketSent(Ms(1100), Mds);
        plain.OnCongestionEvent(Ms(1200), Ms(1100));
        Assert.Equal(70.0 * Mds, plain.WMax, 6);
    }

    [Fact]
    public void Application_limited_time_is_left_out_of_t()
    {
        var rtt = RttOf(Ms(100));
        var cc = GrownTo(100);
        cc.OnCongestionEvent(Ms(1000), Ms(999));
        AckWindowFraction(cc, rtt, Ms(1010), 0.1);
        long epoch = cc.EpochStart;
        long window = cc.CongestionWindow;

        for (long now = Ms(1020); now <= Ms(1520); now += Ms(10))
            AckWindowFraction(cc, rtt, now, 0.1, appLimited: true);
        Assert.Equal(window, cc.CongestionWindow); // RFC 9002 §7.8: no growth
        Assert.Equal(epoch + Ms(510), cc.EpochStart);

        // Resuming continues the curve where it left off, not 0.5 s further along.
        var reference = GrownTo(100);
        reference.OnCongestionEvent(Ms(1000), Ms(999));
        AckWindowFraction(reference, rtt, Ms(1010), 0.1);
        AckWindowFraction(reference, rtt, Ms(1020), 0.1);
        AckWindowFraction(cc, rtt, Ms(1530), 0.1);
        Assert.Equal(reference.CongestionWindow, cc.CongestionWindow);
    }

    [Fact]
    public void Idle_time_with_nothing_in_flight_is_left_out_of_t()
    {
        var rtt = RttOf(Ms(100));
        var cc = GrownTo(100, keepInFlight: false);
        cc.OnCongestionEvent(Ms(1000), Ms(999));
        cc.OnPacketSent(Ms(1005), Mds);
        cc.OnPacketAcked(Ms(1005), Mds);
        cc.OnAckProcessed(Ms(1100), rtt, true, false); // epoch starts; nothing left in flight
        long epoch = cc.EpochStart;
        cc.OnPacketSent(Ms(4100), Mds); // three idle seconds later
        Assert.Equal(epoch + Ms(3000), cc.EpochStart);
    }

    [Fact]
    public void After_persistent_congestion_the_next_epoch_starts_at_its_own_window_with_k_zero()
    {
        var rtt = RttOf(Ms(100));
        var cc = GrownTo(100);
        cc.OnCongestionEvent(Ms(1000), Ms(999));
        cc.OnPersistentCongestion(Ms(1000));
        Assert.Equal(2 * Mds, cc.CongestionWindow);
        // Slow start up to ssthresh (70 segments), then congestion avoidance.
        long now = Ms(1100);
        while (cc.InSlowStart)
        {
            AckWindowFraction(cc, rtt, now, 1.0);
            now += Ms(100);
        }
        AckWindowFraction(cc, rtt, now, 0.1);
        Assert.Equal(0, cc.K);
        Assert.True(cc.WMax >= cc.SlowStartThreshold); // W_max = the window when avoidance began (§4.8)
    }

    [Fact]
    public void Loss_recovery_defaults_to_cubic_with_hystart()
    {
        var recovery = CreateConfirmed(out _, new RecoveryOptions());
        var cubic = Assert.IsType<CubicCongestionController>(recovery.Congestion);
        Assert.Equal(HyStartPhase.SlowStart, cubic.HyStartPhase);
        Assert.Equal(CongestionControlAlgorithm.Cubic, RecoveryOptions.Default.Algorithm);
        Assert.Equal(10, RecoveryOptions.Default.InitialWindowPackets);
        Assert.Equal(Ms(333), RecoveryOptions.Default.InitialRttMicros);
    }

    internal static RttEstimator RttOf(long rtt)
    {
        var estimator = new RttEstimator();
        estimator.AddSample(rtt, 0, true, 0, 0);
        return estimator;
    }

    /// <summary>
    /// A CUBIC controller (no HyStart++) grown in slow start to <paramref name="segments"/>. Unless
    /// <paramref name="keepInFlight"/> is false, one packet stays in flight for good so the flow never
    /// looks idle between the tests' instantaneous send-and-acknowledge steps.
    /// </summary>
    internal static CubicCongestionController GrownTo(int segments, bool fastConvergence = true, bool keepInFlight = true)
    {
        var cc = new CubicCongestionController(Mds, 10, hyStart: false, fastConvergence: fastConvergence);
        int more = segments - 10;
        for (int i = 0; i < more; i++)
            cc.OnPacketSent(0, Mds);
        for (int i = 0; i < more; i++)
            cc.OnPacketAcked(0, Mds);
        cc.OnAckProcessed(Ms(100), RttOf(Ms(100)), true, false);
        Assert.Equal(segments * Mds, cc.CongestionWindow);
        if (keepInFlight)
            cc.OnPacketSent(Ms(100), Mds);
        return cc;
    }

    /// <summary>Sends and acknowledges <paramref name="fraction"/> of the window in one ACK at <paramref name="now"/>.</summary>
    internal static void AckWindowFraction(ICongestionController cc, RttEstimator rtt, long now, double fraction, bool appLimited = false)
    {
        int bytes = (int)(cc.CongestionWindow * fraction);
        cc.OnPacketSent(now, bytes);
        cc.OnPacketAcked(now, bytes);
        cc.OnAckProcessed(now, rtt, true, appLimited);
    }
}
