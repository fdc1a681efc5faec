namespace QuicKestrel.Protocol.Streams;

/// <summary>
/// Streams of one type that the peer opens (RFC 9000 §4.6): the limit we grant is the number
/// of streams released so far plus a window (the concurrent-stream count, MsQuic's
/// PeerBidiStreamCount / PeerUnidiStreamCount). Each released stream moves the limit up by one
/// and makes a MAX_STREAMS due (sent at once, like MsQuic; coalesced by the packet builder).
/// </summary>
internal sealed class PeerStreamLimit
{
    private long _released;

    public PeerStreamLimit(StreamType type, long window)
    {
        Type = type;
        Window = Math.Clamp(window, 0, StreamId.MaxStreamCount);
        Limit = Window;
        SentLimit = Window;
    }

    public StreamType Type { get; }

    /// <summary>How many of the peer's streams may be open at once.</summary>
    public long Window { get; private set; }

    /// <summary>Total streams of this type the peer may open (index must be below it).</summary>
    public long Limit { get; private set; }

    /// <summary>The last limit put in a MAX_STREAMS (the first travels in transport parameters).</summary>
    public long SentLimit { get; private set; }

    /// <summary>Streams the peer has opened (explicitly or implicitly): the next index to open.</summary>
    public long Opened { get; private set; }

    public bool UpdatePending { get; private set; }

    public bool Allows(long index) => index < Limit;

    public void MarkOpenedThrough(long index) => Opened = Math.Max(Opened, index + 1);

    /// <summary>A peer stream finished and was released: grant one more.</summary>
    public void Release()
    {
        _released++;
        Regrant();
    }

    /// <summary>Changes the concurrent-stream window; the granted limit never decreases (§4.6).</summary>
    public void SetWindow(long window)
    {
        Window = Math.Clamp(window, 0, StreamId.MaxStreamCount);
        Regrant();
    }

    public void OnUpdateSent(long limit)
    {
        SentLimit = Math.Max(SentLimit, limit);
        UpdatePending = Limit > SentLimit;
    }

    public void OnUpdateLost(long limit)
    {
        if (limit >= SentLimit)
            UpdatePending = true;
    }

    /// <summary>STREAMS_BLOCKED from the peer: if we allow more than it knows, send our limit (again).</summary>
    public void OnPeerBlocked(long peerLimit)
    {
        if (peerLimit < Limit)
            UpdatePending = true;
    }

    private void Regrant()
    {
        long target = Math.Min(_released + Window, StreamId.MaxStreamCount);
        if (target <= Limit)
            return;
        Limit = target;
        UpdatePending = Limit > SentLimit;
    }
}
