namespace QuicKestrel.Protocol.Recovery;

/// <summary>
/// CUBIC (RFC 9438) over the shared slow start / recovery machinery. The window follows
/// W_cubic(t) = C·(t − K)³ + W_max from the start of each congestion-avoidance epoch, never
/// below the Reno-friendly estimate W_est, with fast convergence and β = 0.7. Time spent
/// application-limited or idle is left out of t (§5.8). Windows are bytes; the formulas run in
/// segments of the current maximum datagram size.
/// </summary>
internal sealed class CubicCongestionController : CongestionController
{
    /// <summary>C, in segments per second cubed (§5.1).</summary>
    public const double C = 0.4;

    /// <summary>β_cubic, the multiplicative decrease factor (§4.6).</summary>
    public const double Beta = 0.7;

    /// <summary>α_cubic = 3(1 − β)/(1 + β): Reno-friendly additive increase per RTT (§4.3).</summary>
    public const double RenoFriendlyAlpha = 3 * (1 - Beta) / (1 + Beta);

    private const long NoEpoch = long.MinValue;
    private long _epochStart = NoEpoch;
    private long _lastAckTime;
    private double _wMax;
    private double _k;
    private double _wEst;
    private double _cwndPrior;

    public CubicCongestionController(int maxDatagramSize = RecoveryConstants.MinimumMaxDatagramSize, int initialWindowPackets = 10, bool hyStart = true, bool paced = true, bool fastConvergence = true)
        : base(maxDatagramSize, initialWindowPackets, hyStart, paced)
    {
        FastConvergence = fastConvergence;
    }

    public bool FastConvergence { get; }

    /// <summary>W_max in bytes: the window before the last reduction, lowered by fast convergence.</summary>
    public double WMax => _wMax;

    /// <summary>K in seconds: when W_cubic returns to W_max.</summary>
    public double K => _k;

    /// <summary>The Reno-friendly estimate in bytes.</summary>
    public double WEst => _wEst;

    /// <summary>When the current congestion-avoidance epoch began (shifted past app-limited time); long.MinValue when none.</summary>
    public long EpochStart => _epochStart;

    /// <summary>W_cubic(t) in bytes, t in seconds since the epoch began (§4.2, Figure 1).</summary>
    public double WCubic(double tSeconds)
    {
        double d = tSeconds - _k;
        return C * d * d * d * MaxDatagramSize + _wMax;
    }

    protected override void IncreaseInCongestionAvoidance(long now, long ackedBytes, RttEstimator rtt)
    {
        if (_epochStart == NoEpoch)
            StartEpoch(now);
        _lastAckTime = now;

        double cwnd = Window;
        double t = (now - _epochStart) / 1e6;
        // §4.2: aim at where the curve will be one RTT from now, within [cwnd, 1.5 cwnd].
        double target = Math.Clamp(WCubic(t + rtt.SmoothedRtt / 1e6), cwnd, 1.5 * cwnd);

        // §4.3: W_est grows like Reno with α_cubic, then α = 1 once it reaches the pre-loss window.
        double alpha = _wEst >= _cwndPrior ? 1.0 : RenoFriendlyAlpha;
        _wEst += alpha * ackedBytes * MaxDatagramSize / cwnd;

        if (WCubic(t) < _wEst)
            Window = Math.Max(cwnd, _wEst); // Reno-friendly region.
        else
            Window = cwnd + (target - cwnd) * ackedBytes / cwnd; // Concave and convex regions (§4.4, §4.5).
    }

    protected override double ReduceWindow(long now)
    {
        double cwnd = Window;
        // §4.7 fast convergence: a flow losing ground releases bandwidth to newcomers.
        _wMax = FastConvergence && cwnd < _wMax ? cwnd * (1 + Beta) / 2 : cwnd;
        _cwndPrior = cwnd;
        _epochStart = NoEpoch;
        return cwnd * Beta;
    }

    protected override void OnWindowCollapsed()
    {
        // §4.8: after a timeout the next epoch starts with K = 0 and W_max = the window then.
        _epochStart = NoEpoch;
        _wMax = 0;
    }

    protected override void OnAppLimitedAck(long now)
    {
        // §5.8: t must not include application-limited periods.
        if (_epochStart != NoEpoch)
            _epochStart += now - _lastAckTime;
        _lastAckTime = now;
    }

    protected override void OnRestartAfterIdle(long now, long idleMicros)
    {
        if (_epochStart == NoEpoch)
            return;
        _epochStart += idleMicros;
        // The idle stretch is now accounted for; an app-limited ACK must not shift by it again.
        _lastAckTime = Math.Max(_lastAckTime, now);
    }

    protected override void OnReset()
    {
        _epochStart = NoEpoch;
        _wMax = 0;
        _k = 0;
        _wEst = 0;
        _cwndPrior = 0;
    }

    private void StartEpoch(long now)
    {
        _epochStart = now;
        _wEst = Window;
        if (_wMax <= Window)
        {
            // Entered without a loss (HyStart++ exit) or after a timeout: probe from here (§4.8).
            _wMax = Window;
            _k = 0;
        }
        else
        {
            _k = Math.Cbrt((_wMax - Window) / MaxDatagramSize / C);
        }
    }
}
