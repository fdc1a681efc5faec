namespace QuicKestrel.Protocol.Streams;

/// <summary>
/// Credit we grant the peer (RFC 9000 §4.1–4.2), at stream level or connection level.
/// <para>Received counts the highest offset received (per stream; summed for the connection),
/// Consumed what the application read or we discarded. When half the window has been consumed
/// since the last update, Limit moves to Consumed + Window and an update (MAX_DATA /
/// MAX_STREAM_DATA) becomes pending. Auto-tuning: if the previous update was less than two RTTs
/// ago, the application drains faster than the window allows per round trip, so the window
/// doubles, up to MaxWindow (the approach of quiche, quinn and msquic).</para>
/// Mutable struct: keep it in a field and call methods on the field.
/// </summary>
internal struct ReceiveFlowControl
{
    private long _lastUpdateMicros;
    private bool _hasLastUpdate;

    public ReceiveFlowControl(long initialWindow, long maxWindow)
    {
        Window = initialWindow;
        MaxWindow = Math.Max(initialWindow, maxWindow);
        Limit = initialWindow;
        SentLimit = initialWindow;
        Received = 0;
        Consumed = 0;
        UpdatePending = false;
        _lastUpdateMicros = 0;
        _hasLastUpdate = false;
    }

    public long Window { get; private set; }

    public long MaxWindow { get; private set; }

    /// <summary>The limit we allow: the peer may send up to here (never decreases).</summary>
    public long Limit { get; private set; }

    /// <summary>The last limit put in a frame (the initial one travels in transport parameters).</summary>
    public long SentLimit { get; private set; }

    public long Received { get; private set; }

    public long Consumed { get; private set; }

    /// <summary>True when a MAX_DATA / MAX_STREAM_DATA with <see cref="Limit"/> should be sent.</summary>
    public bool UpdatePending { get; private set; }

    /// <summary>True when receiving up to <paramref name="total"/> stays within the limit we allowed.</summary>
    public readonly bool Allows(long total) => total <= Limit;

    public void OnReceived(long delta) => Received += delta;

    /// <summary>Records consumed bytes; may schedule an update and grow the window (auto-tuning).</summary>
    public void OnConsumed(long bytes, long nowMicros, long rttMicros)
    {
        Consumed += bytes;
        if (Limit - Consumed > Window / 2)
            return;
        if (_hasLastUpdate && rttMicros > 0 && nowMicros - _lastUpdateMicros < 2 * rttMicros)
            Window = Math.Min(Window * 2, MaxWindow);
        _lastUpdateMicros = nowMicros;
        _hasLastUpdate = true;
        Limit = Math.Max(Limit, Consumed + Window);
        UpdatePending = Limit > SentLimit;
    }

    /// <summary>Grows the window to at least <paramref name="window"/> (capped), e.g. to keep the connection window above a stream's.</summary>
    public void EnsureWindow(long window) => Window = Math.Max(Window, Math.Min(window, MaxWindow));

    /// <summary>The peer says it is blocked at <paramref name="peerLimit"/>: if we allow more, (re)send our limit.</summary>
    public void OnPeerBlocked(long peerLimit)
    {
        if (peerLimit < Limit)
            UpdatePending = true;
    }

    public void OnUpdateSent(long limit)
    {
        SentLimit = Math.Max(SentLimit, limit);
        UpdatePending = Limit > SentLimit;
    }

    /// <summary>A lost update is sent again unless a newer one is already in flight.</summary>
    public void OnUpdateLost(long limit)
    {
        if (limit >= SentLimit)
            UpdatePending = true;
    }

    /// <summary>Stops further updates (final size known or the application stopped reading).</summary>
    public void StopUpdates() => UpdatePending = false;
}
