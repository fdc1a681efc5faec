namespace QuicKestrel.Protocol.Recovery;

/// <summary>
/// Round-trip time estimation (RFC 9002 §5): latest, minimum and smoothed RTT and its variation.
/// All values are microseconds.
/// </summary>
internal sealed class RttEstimator
{
    private readonly long _initialRtt;

    public RttEstimator(long initialRttMicros = RecoveryConstants.DefaultInitialRttMicros)
    {
        if (initialRttMicros <= 0)
            throw new ArgumentOutOfRangeException(nameof(initialRttMicros));
        _initialRtt = initialRttMicros;
        Reset();
    }

    /// <summary>The most recent sample, before any ack-delay adjustment.</summary>
    public long LatestRtt { get; private set; }

    /// <summary>The minimum sample seen (§5.2); equals the initial RTT before any sample.</summary>
    public long MinRtt { get; private set; }

    /// <summary>The exponentially weighted average of adjusted samples (§5.3).</summary>
    public long SmoothedRtt { get; private set; }

    /// <summary>The mean deviation of adjusted samples (§5.3).</summary>
    public long RttVar { get; private set; }

    /// <summary>True once a sample was taken.</summary>
    public bool HasSample { get; private set; }

    /// <summary>When the first sample was taken; persistent congestion only counts packets sent after it (§7.6.2).</summary>
    public long FirstSampleTime { get; private set; }

    /// <summary>smoothed_rtt + max(4 × rttvar, kGranularity): the PTO before max_ack_delay and backoff (§6.2.1).</summary>
    public long PtoBase => SmoothedRtt + Math.Max(4 * RttVar, RecoveryConstants.GranularityMicros);

    /// <summary>Back to the state before any sample, e.g. on a new path (RFC 9000 §9.4).</summary>
    public void Reset()
    {
        LatestRtt = _initialRtt;
        MinRtt = _initialRtt;
        SmoothedRtt = _initialRtt;
        RttVar = _initialRtt / 2;
        HasSample = false;
        FirstSampleTime = 0;
    }

    /// <summary>
    /// Takes a sample (§5.3). <paramref name="ackDelayMicros"/> is the peer's reported delay; after
    /// the handshake is confirmed it is capped at <paramref name="maxAckDelayMicros"/>, and it is
    /// never subtracted when that would take the sample below min_rtt.
    /// </summary>
    public void AddSample(long latestRttMicros, long ackDelayMicros, bool handshakeConfirmed, long maxAckDelayMicros, long now)
    {
        // A zero sample (virtual time, same instant) would make every later computation degenerate.
        long latest = Math.Max(1, latestRttMicros);
        LatestRtt = latest;
        if (!HasSample)
        {
            HasSample = true;
            FirstSampleTime = now;
            MinRtt = latest;
            SmoothedRtt = latest;
            RttVar = latest / 2;
            return;
        }

        MinRtt = Math.Min(MinRtt, latest);
        long ackDelay = Math.Max(0, ackDelayMicros);
        if (handshakeConfirmed)
            ackDelay = Math.Min(ackDelay, maxAckDelayMicros);

        long adjusted = latest;
        if (latest >= MinRtt + ackDelay)
            adjusted = latest - ackDelay;

        RttVar = (3 * RttVar + Math.Abs(SmoothedRtt - adjusted)) / 4;
        SmoothedRtt = (7 * SmoothedRtt + adjusted) / 8;
    }

    /// <summary>§5.2: after persistent congestion, min_rtt restarts from the newest sample.</summary>
    public void ResetMinRttToLatest()
    {
        if (HasSample)
            MinRtt = LatestRtt;
    }
}
