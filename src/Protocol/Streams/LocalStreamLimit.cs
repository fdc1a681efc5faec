namespace QuicKestrel.Protocol.Streams;

/// <summary>
/// Streams of one type that we open (RFC 9000 §4.6): IDs are handed out in order while the
/// count stays below the peer's limit (initial_max_streams_* then MAX_STREAMS). At the limit,
/// one STREAMS_BLOCKED is due per limit value.
/// </summary>
internal sealed class LocalStreamLimit
{
    private long _blockedSignalledAt = -1;
    private bool _blocked;

    public LocalStreamLimit(StreamType type) => Type = type;

    public StreamType Type { get; }

    /// <summary>Index of the next stream we will open (= streams opened so far).</summary>
    public long NextIndex { get; private set; }

    /// <summary>How many streams of this type the peer allows us to open in total.</summary>
    public long Limit { get; private set; }

    public long Available => Math.Max(0, Limit - NextIndex);

    /// <summary>An open attempt failed at the current limit and no STREAMS_BLOCKED went out for it.</summary>
    public bool NeedsBlockedSignal => _blocked && NextIndex >= Limit && _blockedSignalledAt < Limit;

    /// <summary>Allocates the next stream ID, or marks us blocked when the peer's limit is reached.</summary>
    public bool TryAllocate(out long streamId)
    {
        if (NextIndex >= Limit)
        {
            _blocked = true;
            streamId = -1;
            return false;
        }
        streamId = StreamId.FromIndex(Type, NextIndex++);
        return true;
    }

    /// <summary>True when this ID was already handed out (the stream exists or existed).</summary>
    public bool WasOpened(long index) => index < NextIndex;

    /// <summary>Raises the limit (values above 2^60 are clamped); true when it grew.</summary>
    public bool RaiseLimit(long limit)
    {
        limit = Math.Min(limit, StreamId.MaxStreamCount);
        if (limit <= Limit)
            return false;
        Limit = limit;
        _blocked = false;
        return true;
    }

    /// <summary>0-RTT rejected: the server's new limit replaces the remembered one, even if lower.</summary>
    public void ReplaceLimit(long limit)
    {
        Limit = Math.Min(Math.Max(0, limit), StreamId.MaxStreamCount);
        _blockedSignalledAt = -1;
    }

    public void OnBlockedSent(long limit) => _blockedSignalledAt = Math.Max(_blockedSignalledAt, limit);

    public void OnBlockedLost(long limit)
    {
        if (limit == Limit && _blockedSignalledAt == limit)
            _blockedSignalledAt = -1;
    }
}
