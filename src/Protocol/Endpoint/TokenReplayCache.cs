namespace QuicKestrel.Protocol.Endpoint;

/// <summary>
/// Remembers the NEW_TOKEN tokens already used to open a connection (by their nonce) so each
/// validates an address once (RFC 9000 §8.1.4: limit replay). Bounded: when full, the oldest
/// entry is forgotten, so under pressure a replay of an old token can slip through ("single-use
/// -ish"): replaying still needs a token issued to the replayer's own IP address. Entries also
/// leave once their token could no longer be valid. Touched once per new connection, under a
/// lock so endpoints on several sockets may share it.
/// </summary>
internal sealed class TokenReplayCache
{
    private readonly object _lock = new();
    private readonly HashSet<UInt128> _seen;
    private readonly Queue<(UInt128 Nonce, long ForgetAtUnixMicros)> _order;
    private readonly int _capacity;

    public TokenReplayCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _capacity = capacity;
        _seen = new HashSet<UInt128>(capacity);
        _order = new Queue<(UInt128, long)>(capacity);
    }

    public int Count
    {
        get { lock (_lock) return _seen.Count; }
    }

    /// <summary>
    /// Records a first use of the token with <paramref name="nonce"/>; false when it was used
    /// before. <paramref name="forgetAtUnixMicros"/> is when the token expires.
    /// </summary>
    public bool TryUse(UInt128 nonce, long forgetAtUnixMicros, long nowUnixMicros)
    {
        lock (_lock)
        {
            while (_order.Count > 0 && (_order.Peek().ForgetAtUnixMicros <= nowUnixMicros || _order.Count >= _capacity))
                _seen.Remove(_order.Dequeue().Nonce);
            if (!_seen.Add(nonce))
                return false;
            _order.Enqueue((nonce, forgetAtUnixMicros));
            return true;
        }
    }
}
