namespace QuicKestrel.Protocol.Runtime;

/// <summary>
/// How a thread blocks for a synchronous call it queued to a worker: one per thread, reused
/// for every call it makes (a thread waits for one call at a time), so a call allocates
/// nothing after the thread's first.
/// </summary>
internal sealed class CallWaiter
{
    [ThreadStatic]
    private static CallWaiter? t_current;

    private readonly ManualResetEventSlim _done = new(false, WorkerPoolOptions.DefaultWaitSpinCount);
    private WorkCallStatus _status;

    public static CallWaiter ForCurrentThread => t_current ??= new CallWaiter();

    public void Prepare() => _done.Reset();

    /// <summary>Called once by the worker: sets the outcome and wakes the caller.</summary>
    public void Complete(WorkCallStatus status)
    {
        _status = status;
        _done.Set();
    }

    /// <summary>Blocks until <see cref="Complete"/>; the pool guarantees it comes (run, cancel or stop).</summary>
    public WorkCallStatus Wait()
    {
        _done.Wait();
        return _status;
    }
}
