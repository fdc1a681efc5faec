namespace QuicKestrel.Perf;

/// <summary>Bounds how many handshake connections may be open at once (connecting or still in their closing period), and lets the run wait for all of them to end.</summary>
internal sealed class ClosingSlots : IDisposable
{
    private readonly SemaphoreSlim _free;
    private readonly int _capacity;

    public ClosingSlots(int capacity)
    {
        _capacity = capacity;
        _free = new SemaphoreSlim(capacity, capacity);
    }

    public bool TryTake(int timeoutMs) => _free.Wait(timeoutMs);

    public void Release() => _free.Release();

    /// <summary>Waits (bounded) until every slot is free again: all connections closed.</summary>
    public bool WaitAllReleased(int timeoutMs)
    {
        long deadline = Environment.TickCount64 + timeoutMs;
        while (_free.CurrentCount < _capacity)
        {
            if (Environment.TickCount64 >= deadline)
                return false;
            Thread.Sleep(5);
        }
        return true;
    }

    public void Dispose() => _free.Dispose();
}
