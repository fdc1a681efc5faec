namespace QuicKestrel.Protocol.Tls;

/// <summary>
/// Bounded anti-replay memory for 0-RTT (RFC 8446 §8): each ticket may carry early data once.
/// Entries are forgotten when their ticket expires; when the register is full of live entries
/// it refuses (0-RTT is then rejected, which is always safe). Shared by the connections of a
/// configuration, so it locks.
/// </summary>
internal sealed class StrikeRegister
{
    private readonly object _lock = new();
    private readonly Dictionary<UInt128, long> _seen = new();
    private readonly Queue<(UInt128 Id, long ExpiresMicros)> _byExpiry = new();
    private readonly int _capacity;

    public StrikeRegister(int capacity = 100_000) => _capacity = capacity;

    public int Count
    {
        get { lock (_lock) return _seen.Count; }
    }

    /// <summary>Records a first use. False when the ticket was already used or the register is full.</summary>
    public bool TryUseOnce(UInt128 ticketId, long expiresUnixMicros, long nowUnixMicros)
    {
        lock (_lock)
        {
            Purge(nowUnixMicros);
            if (_seen.ContainsKey(ticketId) || _seen.Count >= _capacity)
                return false;
            _seen.Add(ticketId, expiresUnixMicros);
            _byExpiry.Enqueue((ticketId, expiresUnixMicros));
            return true;
        }
    }

    private void Purge(long now)
    {
        // Tickets share one lifetime per configuration, so insertion order is close to expiry
        // order; a bounded number of removals per call keeps each call cheap.
        for (int i = 0; i < 64 && _byExpiry.Count > 0 && _byExpiry.Peek().ExpiresMicros <= now; i++)
            _seen.Remove(_byExpiry.Dequeue().Id);
    }
}
