using System.Diagnostics;

namespace QuicKestrel.Protocol.Runtime;

/// <summary>
/// A set of worker threads that drive <see cref="IWorkOwner"/>s (connections): each owner is
/// attached to one worker for its life, so it is only ever driven by that thread. The API's
/// registration owns one pool (MsQuic: registrations own their execution contexts), sized by
/// its <see cref="ExecutionProfile"/>. Threads start in the constructor; <see cref="Stop"/>
/// (or Dispose) drops pending operations and joins them.
/// </summary>
internal sealed class WorkerPool : IDisposable
{
    public static readonly TimeSpan DefaultStopTimeout = TimeSpan.FromSeconds(10);

    private readonly Worker[] _workers;
    private int _nextWorker;
    private int _stopRequested;

    public WorkerPool(WorkerPoolOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _workers = new Worker[options.WorkerCount];
        for (int i = 0; i < _workers.Length; i++)
            _workers[i] = new Worker(this, i, options);
        foreach (Worker worker in _workers)
            worker.Start();
    }

    public WorkerPoolOptions Options { get; }

    public IReadOnlyList<Worker> Workers => _workers;

    public bool IsStopping => Volatile.Read(ref _stopRequested) != 0;

    /// <summary>This pool's worker running the calling thread, or null.</summary>
    public Worker? CurrentWorker => Worker.Current is { } worker && worker.Pool == this ? worker : null;

    /// <summary>Attaches an owner to the worker with the fewest owners (ties rotate).</summary>
    public WorkOwnerHandle Attach(IWorkOwner owner) => _workers[PickWorker()].Attach(owner);

    /// <summary>Attaches an owner to a chosen worker (e.g. the one its socket's traffic lands on).</summary>
    public WorkOwnerHandle Attach(IWorkOwner owner, int workerIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workerIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(workerIndex, _workers.Length);
        return _workers[workerIndex].Attach(owner);
    }

    /// <summary>
    /// Stops every worker: from now on operations are refused; each worker finishes the
    /// owner code it is running, drops everything still queued (releasing datagram buffers,
    /// waking synchronous callers with Cancelled, cancelling posted calls) and exits.
    /// Waits up to <paramref name="timeout"/> (or <see cref="Timeout.InfiniteTimeSpan"/>) for
    /// the threads, but not for the calling thread if it is a worker; true when all have
    /// ended. Safe to call more than once.
    /// </summary>
    public bool Stop(TimeSpan timeout)
    {
        if (Interlocked.Exchange(ref _stopRequested, 1) == 0)
        {
            foreach (Worker worker in _workers)
                worker.RequestStop();
        }
        long started = Stopwatch.GetTimestamp();
        bool allEnded = true;
        foreach (Worker worker in _workers)
        {
            if (!worker.IsCurrentThread)
                allEnded &= worker.Join(Remaining(timeout, started));
        }
        return allEnded;
    }

    public void Dispose() => Stop(DefaultStopTimeout);

    /// <summary>What is left of one timeout shared by all joins (infinite stays infinite).</summary>
    private static TimeSpan Remaining(TimeSpan timeout, long started)
    {
        if (timeout == Timeout.InfiniteTimeSpan)
            return timeout;
        TimeSpan left = timeout - Stopwatch.GetElapsedTime(started);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    private int PickWorker()
    {
        int count = _workers.Length;
        int start = (int)((uint)Interlocked.Increment(ref _nextWorker) % (uint)count);
        int best = start;
        int bestOwners = int.MaxValue;
        for (int i = 0; i < count; i++)
        {
            int index = (start + i) % count;
            int owners = _workers[index].OwnerCount;
            if (owners < bestOwners)
            {
                best = index;
                bestOwners = owners;
            }
        }
        return best;
    }
}
