namespace QuicKestrel.Protocol.Endpoint;

/// <summary>
/// A token bucket in integer arithmetic over microsecond time: up to <c>burst</c> events at
/// once, refilled at <c>ratePerSecond</c>. Rate-limits stateless replies (Version Negotiation,
/// Retry, stateless resets, Initial closes) so the endpoint cannot be turned into a reflector.
/// A rate of 0 allows nothing.
/// </summary>
internal struct TokenBucket
{
    private const long Unit = 1_000_000; // one token, in token-microseconds

    private readonly long _ratePerSecond;
    private readonly long _capacity;
    private long _available;
    private long _lastRefill;

    public TokenBucket(int ratePerSecond, int burst)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ratePerSecond);
        ArgumentOutOfRangeException.ThrowIfNegative(burst);
        _ratePerSecond = ratePerSecond;
        _capacity = ratePerSecond > 0 ? Math.Max(burst, 1) * Unit : 0;
        _available = _capacity;
        _lastRefill = long.MinValue;
    }

    public bool TryTake(long now)
    {
        Refill(now);
        if (_available < Unit)
            return false;
        _available -= Unit;
        return true;
    }

    private void Refill(long now)
    {
        if (_lastRefill == long.MinValue || now <= _lastRefill)
        {
            if (_lastRefill == long.MinValue)
                _lastRefill = now;
            return;
        }
        long elapsed = now - _lastRefill;
        _lastRefill = now;
        if (_ratePerSecond == 0)
            return;
        // Beyond the time to fill the bucket, more elapsed time changes nothing (and could overflow).
        long fillTime = _capacity / _ratePerSecond + 1;
        _available = Math.Min(_capacity, _available + Math.Min(elapsed, fillTime) * _ratePerSecond);
    }
}
