namespace QuicKestrel.Protocol.Tests.Simulation;

/// <summary>
/// How one direction of a link behaves. Immutable; derive variants with <c>with</c>.
/// Datagrams pass, in order: filter, MTU, blackout, drop-tail queue (serialisation at the
/// bandwidth), random loss, then delay, reordering, duplication and corruption.
/// </summary>
internal sealed record LinkOptions
{
    /// <summary>The acceptance scenarios' link: 10 Mbit/s, 15 ms one way, 25-packet queue, MTU 1500.</summary>
    public static LinkOptions Default { get; } = new();

    /// <summary>One-way propagation delay, added after serialisation.</summary>
    public long DelayMicros { get; init; } = 15_000;

    /// <summary>Serialisation rate of UDP payload bytes at the sending side; 0 means unlimited.</summary>
    public long BandwidthBitsPerSecond { get; init; } = 10_000_000;

    /// <summary>
    /// Drop-tail limit: datagrams waiting behind the one being serialised. A datagram that finds
    /// the link idle starts at once and never counts.
    /// </summary>
    public int QueuePackets { get; init; } = 25;

    /// <summary>Optional limit on the payload bytes waiting in the queue.</summary>
    public long? QueueBytes { get; init; }

    /// <summary>
    /// Largest IP packet. A datagram of N payload bytes is N + 28 bytes over IPv4 and N + 48 over
    /// IPv6 for this check (so 1500 carries 1472 / 1452 payload bytes).
    /// </summary>
    public int MtuBytes { get; init; } = 1500;

    /// <summary>Long-run fraction of datagrams lost at random (after the queue: lost datagrams used the bandwidth).</summary>
    public double LossRate { get; init; }

    /// <summary>
    /// 0: each datagram is lost independently with <see cref="LossRate"/>. N ≥ 1: losses come in
    /// bursts of 1..N consecutive datagrams (uniformly), each burst followed by at least one
    /// datagram that passes, so no run of losses is longer than N; the burst rate is chosen so
    /// the long-run loss is still <see cref="LossRate"/> (at most N̄/(N̄+1), N̄ = (N+1)/2).
    /// </summary>
    public int LossBurstMax { get; init; }

    /// <summary>When set, replaces <see cref="LossRate"/> and <see cref="LossBurstMax"/>.</summary>
    public GilbertElliottLoss? GilbertElliott { get; init; }

    /// <summary>Fraction of datagrams held back by <see cref="ReorderDelayMicros"/> extra, so later ones overtake them.</summary>
    public double ReorderRate { get; init; }

    public long ReorderDelayMicros { get; init; } = 10_000;

    /// <summary>Fraction of datagrams delivered twice; the copy arrives <see cref="DuplicateDelayMicros"/> after the original.</summary>
    public double DuplicateRate { get; init; }

    public long DuplicateDelayMicros { get; init; }

    /// <summary>Fraction of delivered datagrams with <see cref="CorruptBits"/> distinct random bits flipped.</summary>
    public double CorruptRate { get; init; }

    public int CorruptBits { get; init; } = 1;

    /// <summary>Windows in which the link is off: datagrams entering it then are dropped.</summary>
    public IReadOnlyList<BlackoutWindow> Blackouts { get; init; } = [];

    /// <summary>A repeating blackout, e.g. off 2 s in every 7 s.</summary>
    public PeriodicBlackout? PeriodicBlackout { get; init; }

    /// <summary>
    /// ECN: an ECT datagram that finds at least this many datagrams waiting is marked CE.
    /// 0 disables marking.
    /// </summary>
    public int EcnMarkQueuePackets { get; init; }

    /// <summary>A per-datagram rule for targeted tests; runs first and sees every datagram.</summary>
    public PacketFilter? Filter { get; init; }

    /// <summary>Seed for this direction's random decisions; null derives one from the network seed.</summary>
    public ulong? Seed { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> when a value is out of range.</summary>
    public void Validate()
    {
        Require(DelayMicros >= 0 && ReorderDelayMicros >= 0 && DuplicateDelayMicros >= 0, "Delays must not be negative.");
        Require(BandwidthBitsPerSecond >= 0, "Bandwidth must not be negative.");
        Require(QueuePackets >= 0 && QueueBytes is null or >= 0, "Queue limits must not be negative.");
        Require(MtuBytes > 0, "The MTU must be positive.");
        Require(IsProbability(LossRate) && IsProbability(ReorderRate) && IsProbability(DuplicateRate) && IsProbability(CorruptRate),
            "Rates must lie in [0, 1].");
        Require(LossBurstMax >= 0, "LossBurstMax must not be negative.");
        Require(LossBurstMax == 0 || BurstStartProbability() <= 1, "LossRate is too high for bursts separated by a delivered datagram.");
        Require(CorruptBits is >= 1 and <= 64, "CorruptBits must lie in [1, 64].");
        Require(EcnMarkQueuePackets >= 0, "EcnMarkQueuePackets must not be negative.");
        GilbertElliott?.Validate();
        PeriodicBlackout?.Validate();
        foreach (var window in Blackouts)
            Require(window.EndMicros >= window.StartMicros, "A blackout window must not end before it starts.");
    }

    /// <summary>
    /// Per datagram outside a burst (and past the mandatory gap), the chance a burst starts. With
    /// mean burst m and one forced gap, a cycle is m lost + 1/q passed, so q = p / (m (1 - p)).
    /// </summary>
    internal double BurstStartProbability()
    {
        double meanBurst = (LossBurstMax + 1) / 2.0;
        return LossRate >= 1 ? double.PositiveInfinity : LossRate / (meanBurst * (1 - LossRate));
    }

    internal static bool IsProbability(double p) => p is >= 0 and <= 1;

    internal static void Require(bool condition, string message)
    {
        if (!condition)
            throw new ArgumentException(message);
    }
}

/// <summary>The link is off in [StartMicros, EndMicros).</summary>
internal readonly record struct BlackoutWindow(long StartMicros, long EndMicros)
{
    public bool Contains(long time) => time >= StartMicros && time < EndMicros;
}

/// <summary>Off for <paramref name="OffMicros"/> at the start of every period, from <paramref name="FirstOffMicros"/> on.</summary>
internal sealed record PeriodicBlackout(long PeriodMicros, long OffMicros, long FirstOffMicros = 0)
{
    public bool Contains(long time) => time >= FirstOffMicros && (time - FirstOffMicros) % PeriodMicros < OffMicros;

    public void Validate() =>
        LinkOptions.Require(PeriodMicros > 0 && OffMicros >= 0 && OffMicros <= PeriodMicros && FirstOffMicros >= 0,
            "A periodic blackout needs 0 <= off <= period, period > 0 and a non-negative start.");
}

/// <summary>
/// Two-state (Gilbert-Elliott) loss: each datagram is lost with the current state's loss
/// probability, then the state may change. Mean time in Bad is 1 / BadToGood datagrams.
/// </summary>
internal sealed record GilbertElliottLoss(double GoodToBad, double BadToGood, double LossInGood = 0, double LossInBad = 1)
{
    /// <summary>Long-run loss: the stationary mix of the two states' loss rates.</summary>
    public double StationaryLossRate =>
        GoodToBad + BadToGood == 0 ? LossInGood : (BadToGood * LossInGood + GoodToBad * LossInBad) / (GoodToBad + BadToGood);

    public void Validate() =>
        LinkOptions.Require(LinkOptions.IsProbability(GoodToBad) && LinkOptions.IsProbability(BadToGood)
            && LinkOptions.IsProbability(LossInGood) && LinkOptions.IsProbability(LossInBad),
            "Gilbert-Elliott probabilities must lie in [0, 1].");
}
