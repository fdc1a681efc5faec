namespace QuicKestrel.Protocol.Runtime;

/// <summary>
/// One worker thread of a <see cref="WorkerPool"/>: it drives the owners attached to it,
/// each on this thread only, from an inbound operation queue and a timer heap, and sleeps
/// (without spinning hot) when neither has work. The loop is in Worker.Loop.cs, the
/// shutdown in Worker.Shutdown.cs.
/// </summary>
internal sealed partial class Worker
{
    [ThreadStatic]
    private static Worker? t_current;

    private readonly WorkerPoolOptions _options;
    private readonly Thread _thread;
    private readonly WorkerInbox _inbox;
    private readonly RingBuffer<WorkOwnerHandle> _ready = new(64);
    private readonly TimerHeap _timers = new();
    private readonly WorkerContext _context;
    private int _ownerCount;
    private long _operationsProcessed;
    private long _turns;
    private long _timersFired;
    private long _faults;

    internal Worker(WorkerPool pool, int index, WorkerPoolOptions options)
    {
        Pool = pool;
        Index = index;
        _options = options;
        _inbox = new WorkerInbox(options.MaxQueuedDatagramsPerWorker, options.WaitSpinCount);
        _context = new WorkerContext(this, options.SendBufferSize);
        _thread = new Thread(Run)
        {
            IsBackground = true,
            Name = $"{options.ThreadName} #{index}",
            Priority = options.ThreadPriority,
        };
        ManagedThreadId = _thread.ManagedThreadId;
    }

    /// <summary>The worker running on the calling thread, or null off the workers.</summary>
    public static Worker? Current => t_current;

    public WorkerPool Pool { get; }
    public int Index { get; }
    public int ManagedThreadId { get; }

    public bool IsCurrentThread => Environment.CurrentManagedThreadId == ManagedThreadId;

    /// <summary>The pool is stopping: the inbox refuses operations.</summary>
    public bool IsStopping => _inbox.IsClosed;

    /// <summary>Owners attached and not yet detached.</summary>
    public int OwnerCount => Volatile.Read(ref _ownerCount);

    public long OperationsProcessed => Volatile.Read(ref _operationsProcessed);

    /// <summary>Owner turns completed (operations, then one flush).</summary>
    public long Turns => Volatile.Read(ref _turns);

    public long TimersFired => Volatile.Read(ref _timersFired);

    /// <summary>Times the worker blocked waiting for work.</summary>
    public long Sleeps => _inbox.Sleeps;

    /// <summary>Exceptions caught from owner code (or the loop itself).</summary>
    public long Faults => Volatile.Read(ref _faults);

    /// <summary>Operations queued to this worker that it has not taken yet (diagnostics).</summary>
    public int QueuedOperations => _inbox.Count;

    /// <summary>Datagrams the inbound queue refused because it was full.</summary>
    public long DatagramsRefused => _inbox.DatagramsRefused;

    internal WorkOwnerHandle Attach(IWorkOwner owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ObjectDisposedException.ThrowIf(IsStopping, this);
        Interlocked.Increment(ref _ownerCount);
        return new WorkOwnerHandle(owner, this);
    }

    internal bool Enqueue(WorkOwnerHandle owner, in WorkOperation operation) => _inbox.TryAdd(owner, operation);

    internal void Start() => _thread.Start();

    internal void RequestStop() => _inbox.Close();

    internal bool Join(TimeSpan timeout) => _thread.Join(timeout);

    /// <summary>Worker only: gives the owner a turn in this pass (or the next, if it is in one).</summary>
    internal void MarkReady(WorkOwnerHandle owner)
    {
        if (owner.InReadyQueue || owner.IsDetached)
            return;
        owner.InReadyQueue = true;
        _ready.Enqueue(owner);
    }

    /// <summary>
    /// Worker only: forgets the owner. Its timer goes, its queued operations are dropped
    /// (datagrams released, synchronous callers woken with Cancelled, posted calls cancelled).
    /// </summary>
    internal void Detach(WorkOwnerHandle owner)
    {
        if (!owner.MarkDetached())
            return;
        _timers.Remove(owner);
        while (owner.Pending.TryDequeue(out WorkOperation operation))
            CancelOperation(in operation);
        owner.QueuedDatagrams = 0;
        Interlocked.Decrement(ref _ownerCount);
    }

    private void CancelOperation(in WorkOperation operation)
    {
        switch (operation.Kind)
        {
            case WorkOperationKind.Datagram:
                operation.Datagram.Release();
                break;
            case WorkOperationKind.Call when operation.Waiter is not null:
                operation.Waiter.Complete(WorkCallStatus.Cancelled);
                break;
            case WorkOperationKind.Call:
                try
                {
                    operation.Call!.OnCancelled();
                }
                catch (Exception exception)
                {
                    ReportFault(null, exception);
                }
                break;
        }
    }

    private void ReportFault(IWorkOwner? owner, Exception exception)
    {
        Volatile.Write(ref _faults, _faults + 1);
        try
        {
            _options.FaultHandler?.Invoke(this, owner, exception);
        }
        catch (Exception)
        {
            // The handler failed too; there is nowhere left to report it, and the worker must live.
        }
    }

    public override string ToString() => _thread.Name ?? $"worker #{Index}";
}
