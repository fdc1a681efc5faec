namespace QuicKestrel.Protocol.Recovery;

/// <summary>Which congestion controller a connection uses (MsQuic's CongestionControlAlgorithm: 0 = CUBIC).</summary>
internal enum CongestionControlAlgorithm
{
    Cubic = 0,
    NewReno = 1,
}

/// <summary>
/// Per-connection recovery settings. The defaults follow RFC 9002 and MsQuic's settings
/// (InitialRttMs 333, InitialWindowPackets 10, CUBIC, pacing on, ECN off).
/// </summary>
internal sealed record RecoveryOptions
{
    /// <summary>Shared default settings.</summary>
    public static RecoveryOptions Default { get; } = new();

    /// <summary>The RTT assumed before the first sample (§6.2.2).</summary>
    public long InitialRttMicros { get; init; } = RecoveryConstants.DefaultInitialRttMicros;

    /// <summary>The maximum datagram size the path starts with (RFC 9000 §14: at least 1200).</summary>
    public int MaxDatagramSize { get; init; } = RecoveryConstants.MinimumMaxDatagramSize;

    /// <summary>
    /// Initial window in packets. The window is min(P × size, max(P × 1472, 2 × size)), which for
    /// P = 10 is RFC 9002 §7.2's min(10 × size, max(14720, 2 × size)).
    /// </summary>
    public int InitialWindowPackets { get; init; } = 10;

    /// <summary>The congestion controller.</summary>
    public CongestionControlAlgorithm Algorithm { get; init; } = CongestionControlAlgorithm.Cubic;

    /// <summary>Use HyStart++ (RFC 9406) for the initial slow start.</summary>
    public bool HyStartEnabled { get; init; } = true;

    /// <summary>Pace congestion-controlled packets (RFC 9002 §7.7).</summary>
    public bool PacingEnabled { get; init; } = true;

    /// <summary>The pacer's bucket: how many full packets may leave back to back (at start, after idle).</summary>
    public int PacerBurstPackets { get; init; } = 10;

    /// <summary>
    /// When the pacer blocks, it asks to be woken when about this much time's worth of packets
    /// (at least one, at most a burst) can go, so high rates send small bursts, not one timer per packet.
    /// </summary>
    public long PacerQuantumMicros { get; init; } = 1_000;

    /// <summary>Pacing rate as a percentage of cwnd / smoothed RTT in congestion avoidance (N = 1.25).</summary>
    public int PacingGainPercent { get; init; } = 125;

    /// <summary>Pacing gain during slow start, where the window doubles each round.</summary>
    public int SlowStartPacingGainPercent { get; init; } = 200;

    /// <summary>
    /// Pacing gain in a recovery period: the pipe emptied by losses is refilled no faster than the
    /// reduced window's own rate, so a shallow bottleneck queue is not overrun again at once.
    /// </summary>
    public int RecoveryPacingGainPercent { get; init; } = 100;

    /// <summary>
    /// Random-loss tolerance: losses are a congestion signal only once more than this fraction of the
    /// bytes in flight and at least two packets were lost in the current round trip. 0 makes every
    /// loss a congestion event, exactly as RFC 9002 §7.3.2. ECN-CE and persistent congestion always count.
    /// </summary>
    public double LossTolerance { get; init; } = 0.02;

    /// <summary>Mark packets ECT(0) and validate the peer's ECN counts (RFC 9000 §13.4). MsQuic default: off.</summary>
    public bool EcnEnabled { get; init; }

    /// <summary>How many ack-eliciting packets to send when a PTO fires (§6.2.4: one or two).</summary>
    public int ProbePacketsOnPto { get; init; } = 2;

    /// <summary>Throws for values no connection could use (local configuration errors).</summary>
    public void Validate()
    {
        if (InitialRttMicros <= 0)
            throw new ArgumentOutOfRangeException(nameof(InitialRttMicros));
        if (MaxDatagramSize < RecoveryConstants.MinimumMaxDatagramSize)
            throw new ArgumentOutOfRangeException(nameof(MaxDatagramSize));
        if (InitialWindowPackets < 2)
            throw new ArgumentOutOfRangeException(nameof(InitialWindowPackets));
        if (PacerBurstPackets < 1 || PacerQuantumMicros < 0)
            throw new ArgumentOutOfRangeException(nameof(PacerBurstPackets));
        if (PacingGainPercent < 100 || SlowStartPacingGainPercent < 100 || RecoveryPacingGainPercent < 100)
            throw new ArgumentOutOfRangeException(nameof(PacingGainPercent));
        if (LossTolerance is < 0 or >= 1 || double.IsNaN(LossTolerance))
            throw new ArgumentOutOfRangeException(nameof(LossTolerance));
        if (ProbePacketsOnPto is < 1 or > 2)
            throw new ArgumentOutOfRangeException(nameof(ProbePacketsOnPto));
    }
}
