namespace QuicKestrel.Protocol.Tests.Recovery.Simulation;

/// <summary>
/// One direction of a path: a drop-tail bottleneck queue of <see cref="QueuePackets"/> packets
/// drained at <see cref="BitsPerSecond"/>, then <see cref="OneWayDelay"/> of propagation, seeded
/// random loss, and optional periodic blackouts (the link is off for <see cref="BlackoutLength"/>
/// at the start of every <see cref="BlackoutPeriod"/>, beginning one period in).
/// </summary>
internal sealed record SimulatedLink(
    long BitsPerSecond,
    long OneWayDelay,
    int QueuePackets,
    double LossRate = 0,
    long BlackoutPeriod = 0,
    long BlackoutLength = 0)
{
    public bool IsBlackedOut(long time) =>
        BlackoutPeriod > 0 && time >= BlackoutPeriod && time % BlackoutPeriod < BlackoutLength;
}

/// <summary>The queue state of one link direction.</summary>
internal sealed class LinkQueue(SimulatedLink link, Random random)
{
    private readonly Queue<double> _departures = new();
    private double _freeAt;

    public long Dropped { get; private set; }

    /// <summary>When a packet of <paramref name="bytes"/> offered at <paramref name="now"/> arrives, or -1 if it is lost.</summary>
    public long Offer(long now, int bytes)
    {
        if (link.IsBlackedOut(now))
        {
            Dropped++;
            return -1;
        }
        while (_departures.Count > 0 && _departures.Peek() <= now)
            _departures.Dequeue();
        if (_departures.Count >= link.QueuePackets)
        {
            Dropped++;
            return -1;
        }
        double departure = Math.Max(now, _freeAt) + bytes * 8.0 * 1e6 / link.BitsPerSecond;
        _freeAt = departure;
        _departures.Enqueue(departure);
        if (link.LossRate > 0 && random.NextDouble() < link.LossRate)
        {
            Dropped++;
            return -1;
        }
        return (long)Math.Ceiling(departure) + link.OneWayDelay;
    }
}
