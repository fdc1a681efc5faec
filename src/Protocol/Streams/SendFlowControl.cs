namespace QuicKestrel.Protocol.Streams;

/// <summary>
/// Credit the peer grants us for sending (RFC 9000 §4.1), at stream level (MAX_STREAM_DATA) or
/// connection level (MAX_DATA). Tracks whether a DATA_BLOCKED / STREAM_DATA_BLOCKED frame has
/// been sent for the current limit, so it goes out once per limit (§4.1).
/// Mutable struct: keep it in a field and call methods on the field.
/// </summary>
internal struct SendFlowControl
{
    private long _blockedSignalledAt;

    public SendFlowControl(long initialLimit)
    {
        Limit = initialLimit;
        Used = 0;
        _blockedSignalledAt = -1;
    }

    /// <summary>The highest offset (stream) or byte total (connection) we may send up to.</summary>
    public long Limit { get; private set; }

    /// <summary>Credit consumed: highest offset sent (stream) or sum of those (connection).</summary>
    public long Used { get; private set; }

    public readonly long Available => Limit - Used;

    /// <summary>True when all credit is used and no blocked frame was sent for this limit yet.</summary>
    public readonly bool NeedsBlockedSignal => Used >= Limit && _blockedSignalledAt < Limit;

    /// <summary>Raises the limit; smaller values are ignored (§4.1: limits never decrease). True when raised.</summary>
    public bool RaiseLimit(long limit)
    {
        if (limit <= Limit)
            return false;
        Limit = limit;
        return true;
    }

    public void Consume(long bytes) => Used += bytes;

    public void OnBlockedSent(long limit) => _blockedSignalledAt = Math.Max(_blockedSignalledAt, limit);

    /// <summary>A lost blocked frame is sent again only if we are still blocked at that same limit.</summary>
    public void OnBlockedLost(long limit)
    {
        if (limit == Limit && _blockedSignalledAt == limit)
            _blockedSignalledAt = -1;
    }

    /// <summary>0-RTT rejected: the server saw nothing, so nothing was consumed (RFC 9001 §4.6.2).</summary>
    public void ResetUsage(long newLimit)
    {
        Used = 0;
        Limit = newLimit;
        _blockedSignalledAt = -1;
    }
}
