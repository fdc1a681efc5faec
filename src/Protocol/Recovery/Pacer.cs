namespace QuicKestrel.Protocol.Recovery;

/// <summary>
/// A token-bucket pacer (RFC 9002 §7.7). Tokens (bytes) refill at gain × cwnd / smoothed_rtt
/// (gain 1.25; 2 in slow start, where the window doubles each round; 1 in a recovery period)
/// up to a bucket of
/// <c>burstPackets</c> full packets, so the first flight and the first flight after idle leave at
/// once. When blocked it names a wake-up time at which a quantum of packets (about
/// <c>quantumMicros</c> worth at the current rate, 1 to burst packets) can go together, so a
/// 1 Gbit/s sender arms a timer per small burst (fit for one GSO batch), not per packet.
/// </summary>
internal sealed class Pacer
{
    private readonly int _burstPackets;
    private readonly long _quantumMicros;
    private readonly int _gainPercent;
    private readonly int _slowStartGainPercent;
    private readonly int _recoveryGainPercent;
    private double _tokens;
    private long _lastRefill = long.MinValue;

    public Pacer(int burstPackets = 10, long quantumMicros = 1_000, int gainPercent = 125, int slowStartGainPercent = 200, int recoveryGainPercent = 100)
    {
        if (burstPackets < 1 || quantumMicros < 0 || gainPercent < 100 || slowStartGainPercent < 100 || recoveryGainPercent < 100)
            throw new ArgumentOutOfRangeException(nameof(burstPackets));
        _recoveryGainPercent = recoveryGainPercent;
        _burstPackets = burstPackets;
        _quantumMicros = quantumMicros;
        _gainPercent = gainPercent;
        _slowStartGainPercent = slowStartGainPercent;
    }

    /// <summary>The pacing rate in bytes per microsecond, as last configured.</summary>
    public double RateBytesPerMicro { get; private set; }

    /// <summary>The bucket size in bytes, as last configured.</summary>
    public long CapacityBytes { get; private set; }

    /// <summary>The bytes a blocked sender waits for before it is woken, as last configured.</summary>
    public long QuantumBytes { get; private set; }

    /// <summary>Sets the rate from the controller's current state; cheap, call before each use.</summary>
    public void Configure(long congestionWindow, long smoothedRttMicros, int maxDatagramSize, bool slowStart, bool inRecovery = false)
    {
        // After a reduction the pipe is refilled no faster than the reduced window itself, so
        // the refill does not rebuild the queue that just overflowed.
        int gain = slowStart ? _slowStartGainPercent : inRecovery ? _recoveryGainPercent : _gainPercent;
        RateBytesPerMicro = congestionWindow * (gain / 100.0) / Math.Max(1, smoothedRttMicros);
        CapacityBytes = Math.Max(2L * maxDatagramSize, Math.Min((long)_burstPackets * maxDatagramSize, congestionWindow));
        long quantumPackets = Math.Clamp((long)(RateBytesPerMicro * _quantumMicros / maxDatagramSize), 1, _burstPackets);
        // One packet of headroom below the bucket, so rounding the wake-up up never overflows it.
        QuantumBytes = Math.Max(maxDatagramSize, Math.Min(quantumPackets * maxDatagramSize, CapacityBytes - maxDatagramSize));
    }

    /// <summary>Bytes that may leave now.</summary>
    public long Allowance(long now)
    {
        Refill(now);
        return (long)_tokens;
    }

    /// <summary>When <paramref name="bytes"/> may leave: <paramref name="now"/> if they may already.</summary>
    public long NextSendTime(long now, int bytes)
    {
        Refill(now);
        if (_tokens >= bytes)
            return now;
        // Wait for a quantum (a small burst), but never for more than the bucket holds.
        double wanted = Math.Max(bytes, Math.Min(QuantumBytes, CapacityBytes));
        double missing = wanted - _tokens;
        return now + (long)Math.Ceiling(missing / RateBytesPerMicro);
    }

    /// <summary>A paced packet left.</summary>
    public void OnPacketSent(long now, int bytes)
    {
        Refill(now);
        _tokens = Math.Max(0, _tokens - bytes);
    }

    /// <summary>Starts over with a full bucket (new path).</summary>
    public void Reset()
    {
        _lastRefill = long.MinValue;
        _tokens = 0;
    }

    private void Refill(long now)
    {
        if (_lastRefill == long.MinValue)
        {
            _tokens = CapacityBytes; // The first flight may leave as one burst.
        }
        else if (now > _lastRefill)
        {
            _tokens += RateBytesPerMicro * (now - _lastRefill);
        }
        _tokens = Math.Min(CapacityBytes, _tokens);
        _lastRefill = Math.Max(_lastRefill, now);
    }
}
