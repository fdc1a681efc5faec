namespace QuicKestrel.Protocol.Recovery;

/// <summary>
/// Decides whether losses are a congestion signal. RFC 9002 §7.3.2 treats every loss as one,
/// which caps any loss-based controller far below capacity on long fat paths with a little
/// random loss (0.1 % on a 1 Gbit/s, 20 ms path allows CUBIC about 90 packets). Like BBRv2's
/// loss threshold, losses count only when, within the current round trip, at least two packets
/// and more than <c>tolerance</c> of the bytes in flight were lost. Queue overflow loses a burst
/// and still triggers; isolated random drops do not. Only packets sent after the last reduction
/// count: the burst that caused a reduction must not make the next random loss look like
/// congestion. Tolerance 0 restores the RFC behaviour.
/// </summary>
internal sealed class CongestionLossFilter
{
    /// <summary>Fewer lost packets than this in one round are treated as noise.</summary>
    public const int MinimumLostPacketsPerRound = 2;

    private readonly double _tolerance;
    private long _roundStartTime = long.MinValue;
    private bool _roundEnded;

    public CongestionLossFilter(double tolerance)
    {
        _tolerance = tolerance;
    }

    /// <summary>Only losses of packets sent after this time count (the last reduction).</summary>
    public long CountsPacketsSentAfter { get; private set; } = long.MinValue;

    /// <summary>Lost bytes counted in the current round.</summary>
    public long LostBytesInRound { get; private set; }

    /// <summary>Lost packets counted in the current round.</summary>
    public int LostPacketsInRound { get; private set; }

    /// <summary>An in-flight packet sent at <paramref name="timeSent"/> was acknowledged.</summary>
    public void OnPacketAcked(long timeSent)
    {
        if (timeSent >= _roundStartTime)
            _roundEnded = true;
    }

    /// <summary>End of an ACK frame: a new round starts once a packet sent in this round was acknowledged.</summary>
    public void OnAckProcessed(long now)
    {
        if (!_roundEnded)
            return;
        _roundEnded = false;
        _roundStartTime = now;
        LostBytesInRound = 0;
        LostPacketsInRound = 0;
    }

    /// <summary>The window was reduced at <paramref name="now"/>: older losses are spent.</summary>
    public void OnCongestionEvent(long now)
    {
        CountsPacketsSentAfter = now;
        LostBytesInRound = 0;
        LostPacketsInRound = 0;
    }

    /// <summary>
    /// One loss-detection pass lost <paramref name="lostPackets"/> countable in-flight packets (sent
    /// after <see cref="CountsPacketsSentAfter"/>) of
    /// <paramref name="lostBytes"/> in total, with <paramref name="bytesInFlightBefore"/> in flight
    /// before they were removed. Returns whether that is a congestion signal.
    /// </summary>
    public bool IsCongestionSignal(long lostBytes, int lostPackets, long bytesInFlightBefore)
    {
        LostBytesInRound += lostBytes;
        LostPacketsInRound += lostPackets;
        if (_tolerance <= 0)
            return lostPackets > 0;
        return LostPacketsInRound >= MinimumLostPacketsPerRound && LostBytesInRound > _tolerance * bytesInFlightBefore;
    }

    /// <summary>Starts over (new path).</summary>
    public void Reset()
    {
        _roundStartTime = long.MinValue;
        _roundEnded = false;
        CountsPacketsSentAfter = long.MinValue;
        LostBytesInRound = 0;
        LostPacketsInRound = 0;
    }
}
