namespace QuicKestrel.Protocol.Recovery;

/// <summary>
/// What every window-based controller shares (RFC 9002 §7): bytes in flight, the recovery
/// period (one reduction per period, no growth inside it), slow start with optional HyStart++,
/// app-limited handling, persistent congestion, the minimum and initial windows and PMTU
/// changes. Subclasses supply the congestion-avoidance growth and the reduction.
/// </summary>
internal abstract class CongestionController : ICongestionController
{
    private const long NoRecovery = long.MinValue;
    private readonly int _initialWindowPackets;
    private readonly HyStartPlusPlus? _hyStart;
    private long _recoveryStartTime = NoRecovery;
    private long _bytesAckedForGrowth;
    private long _roundStartTime = long.MinValue;
    private bool _roundEnded;
    private long _idleSince = RecoveryConstants.Never;

    protected CongestionController(int maxDatagramSize, int initialWindowPackets, bool hyStart, bool paced)
    {
        if (maxDatagramSize < RecoveryConstants.MinimumMaxDatagramSize)
            throw new ArgumentOutOfRangeException(nameof(maxDatagramSize));
        if (initialWindowPackets < 2)
            throw new ArgumentOutOfRangeException(nameof(initialWindowPackets));
        MaxDatagramSize = maxDatagramSize;
        _initialWindowPackets = initialWindowPackets;
        _hyStart = hyStart ? new HyStartPlusPlus(paced) : null;
        Window = InitialWindow(maxDatagramSize);
    }

    /// <summary>The window, fractional so small per-ACK increments are never truncated away.</summary>
    protected double Window { get; set; }

    public long CongestionWindow => (long)Window;

    public long BytesInFlight { get; private set; }

    public long SlowStartThreshold { get; private set; } = long.MaxValue;

    public int MaxDatagramSize { get; private set; }

    public long MinimumWindow => 2L * MaxDatagramSize;

    public bool InSlowStart => Window < SlowStartThreshold;

    public bool InRecovery { get; private set; }

    public long AvailableWindow => Math.Max(0, CongestionWindow - BytesInFlight);

    /// <summary>The HyStart++ phase, or Finished when HyStart++ is off.</summary>
    public HyStartPhase HyStartPhase => _hyStart?.Phase ?? HyStartPhase.Finished;

    /// <summary>When the current (or last) recovery period began; long.MinValue when none.</summary>
    public long RecoveryStartTime => _recoveryStartTime;

    public bool CanSend(int bytes) => BytesInFlight + bytes <= CongestionWindow;

    /// <summary>RFC 9002 §7.2, generalised to P packets: min(P × size, max(P × 1472, 2 × size)).</summary>
    public long InitialWindow(int maxDatagramSize) =>
        Math.Min((long)_initialWindowPackets * maxDatagramSize, Math.Max(_initialWindowPackets * 1472L, 2L * maxDatagramSize));

    public void OnPacketSent(long now, int bytes)
    {
        if (BytesInFlight == 0 && _idleSince != RecoveryConstants.Never)
        {
            OnRestartAfterIdle(now, Math.Max(0, now - _idleSince));
            _idleSince = RecoveryConstants.Never;
        }
        BytesInFlight += bytes;
    }

    public void OnPacketAcked(long timeSent, int bytes)
    {
        BytesInFlight = Math.Max(0, BytesInFlight - bytes);
        if (timeSent >= _roundStartTime)
            _roundEnded = true;
        if (timeSent <= _recoveryStartTime)
            return; // §7.3.2: packets sent before the recovery period began do not grow the window.
        InRecovery = false;
        _bytesAckedForGrowth += bytes;
    }

    public void OnAckProcessed(long now, RttEstimator rtt, bool rttSampled, bool appLimited)
    {
        bool newRound = _roundEnded;
        if (newRound)
        {
            _roundEnded = false;
            _roundStartTime = now;
        }
        if (BytesInFlight == 0)
            _idleSince = now;

        long acked = _bytesAckedForGrowth;
        _bytesAckedForGrowth = 0;
        bool hyStartActive = _hyStart is not null && _hyStart.Phase != HyStartPhase.Finished && InSlowStart;
        if (hyStartActive && newRound && _hyStart!.OnRoundStart())
            SlowStartThreshold = CongestionWindow; // CSS finished its rounds: congestion avoidance (RFC 9406 §4.2).

        if (acked > 0)
        {
            if (appLimited)
                OnAppLimitedAck(now); // §7.8: an under-used window must not grow.
            else if (InSlowStart)
                Window += hyStartActive ? _hyStart!.Increase(acked, MaxDatagramSize) : acked;
            else
                IncreaseInCongestionAvoidance(now, acked, rtt);
        }

        if (hyStartActive && rttSampled && InSlowStart)
            _hyStart!.OnRttSample(rtt.LatestRtt);
    }

    public void OnPacketRemoved(int bytes) => BytesInFlight = Math.Max(0, BytesInFlight - bytes);

    public bool OnCongestionEvent(long now, long timeSent)
    {
        if (timeSent <= _recoveryStartTime)
            return false; // §7.3.2: one reduction per recovery period.
        _recoveryStartTime = now;
        InRecovery = true;
        _hyStart?.OnCongestionEvent();
        double threshold = ReduceWindow(now);
        SlowStartThreshold = Math.Max(1, (long)threshold);
        Window = Math.Max(threshold, MinimumWindow);
        return true;
    }

    public void OnPersistentCongestion(long now)
    {
        Window = MinimumWindow;
        _recoveryStartTime = NoRecovery;
        InRecovery = false;
        _hyStart?.OnCongestionEvent();
        OnWindowCollapsed();
    }

    public void OnMaxDatagramSizeChanged(int maxDatagramSize)
    {
        if (maxDatagramSize < RecoveryConstants.MinimumMaxDatagramSize)
            throw new ArgumentOutOfRangeException(nameof(maxDatagramSize));
        long oldInitial = InitialWindow(MaxDatagramSize);
        MaxDatagramSize = maxDatagramSize;
        // §7.2: a window still at its initial value is recomputed for the new size.
        if (CongestionWindow == oldInitial)
            Window = InitialWindow(maxDatagramSize);
        Window = Math.Max(Window, MinimumWindow);
    }

    public void Reset()
    {
        Window = InitialWindow(MaxDatagramSize);
        SlowStartThreshold = long.MaxValue;
        _recoveryStartTime = NoRecovery;
        InRecovery = false;
        _bytesAckedForGrowth = 0;
        _roundEnded = false;
        _roundStartTime = long.MinValue;
        _idleSince = RecoveryConstants.Never;
        _hyStart?.Reset();
        OnReset();
    }

    /// <summary>Grows the window in congestion avoidance for <paramref name="ackedBytes"/> newly acknowledged.</summary>
    protected abstract void IncreaseInCongestionAvoidance(long now, long ackedBytes, RttEstimator rtt);

    /// <summary>Returns the new slow start threshold for a congestion event; the window becomes max(it, minimum).</summary>
    protected abstract double ReduceWindow(long now);

    /// <summary>Called after persistent congestion collapsed the window.</summary>
    protected virtual void OnWindowCollapsed() { }

    /// <summary>An ACK arrived while the sender was application-limited.</summary>
    protected virtual void OnAppLimitedAck(long now) { }

    /// <summary>Sending resumed at <paramref name="now"/> after <paramref name="idleMicros"/> with nothing in flight.</summary>
    protected virtual void OnRestartAfterIdle(long now, long idleMicros) { }

    /// <summary>Subclass state back to initial (new path).</summary>
    protected virtual void OnReset() { }
}
