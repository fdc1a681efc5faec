namespace QuicKestrel.Protocol.Recovery;

/// <summary>The phases of HyStart++ (RFC 9406 §4.2).</summary>
internal enum HyStartPhase : byte
{
    SlowStart,
    ConservativeSlowStart,
    Finished,
}

/// <summary>
/// HyStart++ (RFC 9406): leaves the initial slow start when the round's minimum RTT rises
/// clearly above the previous round's, then grows a quarter as fast for a few rounds
/// (Conservative Slow Start) before congestion avoidance, returning to slow start if the RTT
/// rise was a false alarm. Rounds and RTT samples are fed in by the congestion controller.
/// </summary>
internal sealed class HyStartPlusPlus
{
    public const long MinRttThresholdMicros = 4_000;
    public const long MaxRttThresholdMicros = 16_000;
    public const long MinRttDivisor = 8;
    public const int RttSamplesPerRound = 8;
    public const int CssGrowthDivisor = 4;
    public const int CssRounds = 5;

    /// <summary>L for senders that do not pace; a paced sender uses L = ∞ (§4.3).</summary>
    public const int NonPacedBurstLimit = 8;

    private const long Infinite = long.MaxValue;
    private readonly bool _paced;
    private long _lastRoundMinRtt;
    private long _currentRoundMinRtt;
    private int _rttSampleCount;
    private long _cssBaselineMinRtt;
    private int _cssRoundsLeft;

    public HyStartPlusPlus(bool paced)
    {
        _paced = paced;
        Reset();
    }

    public HyStartPhase Phase { get; private set; }

    /// <summary>The minimum RTT of the current round so far (long.MaxValue when none).</summary>
    public long CurrentRoundMinRtt => _currentRoundMinRtt;

    /// <summary>Starts over in slow start (new path).</summary>
    public void Reset()
    {
        Phase = HyStartPhase.SlowStart;
        _lastRoundMinRtt = Infinite;
        _currentRoundMinRtt = Infinite;
        _rttSampleCount = 0;
        _cssBaselineMinRtt = Infinite;
        _cssRoundsLeft = 0;
    }

    /// <summary>
    /// A new round began. Returns true when Conservative Slow Start has run its rounds: the
    /// caller then enters congestion avoidance with ssthresh = cwnd.
    /// </summary>
    public bool OnRoundStart()
    {
        _lastRoundMinRtt = _currentRoundMinRtt;
        _currentRoundMinRtt = Infinite;
        _rttSampleCount = 0;
        if (Phase != HyStartPhase.ConservativeSlowStart)
            return false;
        if (--_cssRoundsLeft > 0)
            return false;
        Phase = HyStartPhase.Finished;
        return true;
    }

    /// <summary>An ACK produced an RTT sample during slow start or CSS.</summary>
    public void OnRttSample(long rttMicros)
    {
        if (Phase == HyStartPhase.Finished)
            return;
        _currentRoundMinRtt = Math.Min(_currentRoundMinRtt, rttMicros);
        _rttSampleCount++;
        if (_rttSampleCount < RttSamplesPerRound)
            return;

        if (Phase == HyStartPhase.SlowStart)
        {
            if (_currentRoundMinRtt == Infinite || _lastRoundMinRtt == Infinite)
                return;
            long threshold = Math.Clamp(_lastRoundMinRtt / MinRttDivisor, MinRttThresholdMicros, MaxRttThresholdMicros);
            if (_currentRoundMinRtt < _lastRoundMinRtt + threshold)
                return;
            _cssBaselineMinRtt = _currentRoundMinRtt;
            _cssRoundsLeft = CssRounds;
            Phase = HyStartPhase.ConservativeSlowStart;
        }
        else if (_currentRoundMinRtt < _cssBaselineMinRtt)
        {
            // The RTT rise was spurious: go back to slow start (§4.2).
            _cssBaselineMinRtt = Infinite;
            Phase = HyStartPhase.SlowStart;
        }
    }

    /// <summary>The window increase for <paramref name="ackedBytes"/> newly acknowledged: min(N, L·SMSS), divided in CSS.</summary>
    public double Increase(long ackedBytes, int maxDatagramSize)
    {
        double n = _paced ? ackedBytes : Math.Min(ackedBytes, (long)NonPacedBurstLimit * maxDatagramSize);
        return Phase == HyStartPhase.ConservativeSlowStart ? n / CssGrowthDivisor : n;
    }

    /// <summary>A loss or ECN-CE ends HyStart++ for good: it only governs the initial slow start.</summary>
    public void OnCongestionEvent() => Phase = HyStartPhase.Finished;
}
