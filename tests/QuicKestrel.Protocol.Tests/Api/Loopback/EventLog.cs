namespace QuicKestrel.Protocol.Tests.Api.Loopback;

/// <summary>A thread-safe record of what callbacks saw, with bounded waits for what a test expects.</summary>
internal sealed class EventLog<T>
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    private readonly object _gate = new();
    private readonly List<T> _items = new();
    private readonly Func<T, string>? _describe;

    public EventLog(Func<T, string>? describe = null) => _describe = describe;

    public void Add(T item)
    {
        lock (_gate)
        {
            _items.Add(item);
            Monitor.PulseAll(_gate);
        }
    }

    public T[] Snapshot()
    {
        lock (_gate)
            return [.. _items];
    }

    public int Count
    {
        get
        {
            lock (_gate)
                return _items.Count;
        }
    }

    /// <summary>Waits for an item matching <paramref name="predicate"/>; fails the test after the timeout.</summary>
    public T WaitFor(Func<T, bool> predicate, string what, TimeSpan? timeout = null)
    {
        Assert.True(TryWaitFor(predicate, out T item, timeout ?? DefaultTimeout), $"timed out waiting for {what}; saw: {string.Join(", ", Snapshot().Select(i => _describe?.Invoke(i) ?? i?.ToString()))}");
        return item;
    }

    public bool TryWaitFor(Func<T, bool> predicate, out T item, TimeSpan timeout)
    {
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        lock (_gate)
        {
            while (true)
            {
                foreach (T candidate in _items)
                {
                    if (predicate(candidate))
                    {
                        item = candidate;
                        return true;
                    }
                }
                long left = deadline - Environment.TickCount64;
                if (left <= 0)
                {
                    item = default!;
                    return false;
                }
                Monitor.Wait(_gate, (int)Math.Min(left, int.MaxValue));
            }
        }
    }

    /// <summary>True when nothing matching arrives within <paramref name="duration"/>.</summary>
    public bool StaysWithout(Func<T, bool> predicate, TimeSpan duration) => !TryWaitFor(predicate, out _, duration);
}
