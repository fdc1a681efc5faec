using QuicKestrel.Protocol.Runtime.Datapath;

namespace QuicKestrel.Protocol.Runtime;

/// <summary>
/// An owner's place on its worker, returned by <see cref="WorkerPool.Attach(IWorkOwner)"/>:
/// what the API layer and the receive path use to reach the owner from any thread. Every
/// operation queued through it reaches the owner in the order it was queued (per producing
/// thread), one at a time, on the owner's worker. After <see cref="Close"/> (or once the pool
/// stops) nothing more is accepted.
/// </summary>
internal sealed class WorkOwnerHandle : TimerEntry
{
    private const int Open = 0;
    private const int Closing = 1;
    private const int Detached = 2;

    private int _state;
    private int _wakeRequested;
    private long _datagramsDropped;

    internal WorkOwnerHandle(IWorkOwner owner, Worker worker)
    {
        Owner = owner;
        Worker = worker;
    }

    public IWorkOwner Owner { get; }

    /// <summary>The worker that drives this owner for its whole life.</summary>
    public Worker Worker { get; }

    /// <summary>
    /// True on the owner's worker thread (inside its callbacks, or another owner's on the
    /// same worker): API calls made here may run inline instead of being queued.
    /// </summary>
    public bool IsOnWorkerThread => Worker.IsCurrentThread;

    /// <summary>Closed, being closed, or the pool is stopping: operations are refused.</summary>
    public bool IsClosed => Volatile.Read(ref _state) != Open || Worker.IsStopping;

    /// <summary>Datagrams refused or dropped because a queue was full or the owner closed.</summary>
    public long DatagramsDropped => Volatile.Read(ref _datagramsDropped);

    // Worker-thread state.
    internal RingBuffer<WorkOperation> Pending { get; } = new(8);
    internal int QueuedDatagrams;
    internal bool InReadyQueue;
    internal bool IsDetached => Volatile.Read(ref _state) == Detached;

    /// <summary>
    /// Queues a received datagram (called on the receive thread, inside its callback). The
    /// handle retains it; the worker releases it after <see cref="IWorkOwner.ProcessOperation"/>
    /// or when it is dropped. False (nothing retained) when the owner is closed or the queue is full.
    /// </summary>
    public bool EnqueueDatagram(in ReceivedDatagram datagram)
    {
        if (!IsClosed)
        {
            datagram.Retain();
            if (Worker.Enqueue(this, WorkOperation.ForDatagram(in datagram)))
                return true;
            datagram.Release();
        }
        CountDroppedDatagram();
        return false;
    }

    /// <summary>Queues an owner-defined operation (delivered to <see cref="IWorkOwner.ProcessOperation"/>).</summary>
    public bool Signal(int code, long argument = 0, object? state = null) =>
        !IsClosed && Worker.Enqueue(this, WorkOperation.ForSignal(code, argument, state));

    /// <summary>
    /// Queues a call to run on the worker, after everything queued before it. False when
    /// refused (not queued: the caller still owns it); once queued it either runs or gets
    /// <see cref="WorkCall.OnCancelled"/>.
    /// </summary>
    public bool Post(WorkCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return !IsClosed && Worker.Enqueue(this, WorkOperation.ForCall(call, null));
    }

    /// <summary>
    /// Runs a call on the owner's worker and returns when it has run. On the worker thread
    /// it runs inline at once (MsQuic: calls made inside callbacks run inline and take
    /// precedence), and an exception it throws propagates to the caller. From any other
    /// thread it is queued in order and the caller blocks until it ran, was cancelled or
    /// faulted. A worker thread blocking on another worker's owner can deadlock if that
    /// worker blocks on it in turn, so owners should not make such calls in cycles.
    /// </summary>
    public WorkCallStatus Invoke(WorkCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (IsOnWorkerThread)
            return InvokeInline(call);
        if (IsClosed)
            return WorkCallStatus.Rejected;
        CallWaiter waiter = CallWaiter.ForCurrentThread;
        waiter.Prepare();
        if (!Worker.Enqueue(this, WorkOperation.ForCall(call, waiter)))
            return WorkCallStatus.Rejected;
        return waiter.Wait();
    }

    /// <summary>
    /// Asks for a turn (flush, timer re-arm) without an operation: from another thread it
    /// queues one coalesced wake-up; on the worker thread it just marks the owner ready.
    /// </summary>
    public void RequestFlush()
    {
        if (IsClosed)
            return;
        if (IsOnWorkerThread)
        {
            Worker.MarkReady(this);
            return;
        }
        if (Interlocked.Exchange(ref _wakeRequested, 1) == 0 && !Worker.Enqueue(this, WorkOperation.ForKind(WorkOperationKind.Wake)))
            Volatile.Write(ref _wakeRequested, 0);
    }

    /// <summary>
    /// Detaches the owner from its worker: its timer is cancelled and queued operations are
    /// dropped (datagrams released, calls cancelled). On the worker thread this happens at
    /// once; from another thread after everything queued before the close. Idempotent.
    /// </summary>
    public void Close()
    {
        if (Interlocked.CompareExchange(ref _state, Closing, Open) != Open)
            return;
        if (IsOnWorkerThread)
            Worker.Detach(this);
        else
            Worker.Enqueue(this, WorkOperation.ForKind(WorkOperationKind.Close)); // refused only while stopping, which drops everything anyway
    }

    internal void ClearWakeRequest() => Volatile.Write(ref _wakeRequested, 0);

    /// <summary>Worker only: true the first time.</summary>
    internal bool MarkDetached() => Interlocked.Exchange(ref _state, Detached) != Detached;

    internal void CountDroppedDatagram() => Interlocked.Increment(ref _datagramsDropped);

    private WorkCallStatus InvokeInline(WorkCall call)
    {
        if (IsClosed)
            return WorkCallStatus.Rejected;
        call.Execute(MonotonicClock.NowMicros);
        Worker.MarkReady(this);
        return WorkCallStatus.Completed;
    }
}
