using QuicKestrel.Protocol.Runtime;

namespace QuicKestrel.Protocol.Tests.Runtime.Execution;

internal delegate void OperationHandler(TestOwner owner, in WorkOperation operation, long now);

/// <summary>
/// A fake owner: counts what the worker calls, checks every call comes on the owner's worker
/// and never overlaps another (an interlocked in-use flag), and runs optional test hooks.
/// </summary>
internal sealed class TestOwner(string name = "owner") : IWorkOwner
{
    private int _inUse;
    private int _overlaps;
    private int _wrongThread;
    private int _operations;
    private int _timers;
    private int _flushes;
    private long _deadline = MonotonicClock.Never;

    public string Name { get; } = name;
    public WorkOwnerHandle? Handle { get; set; }

    public OperationHandler? OnOperation { get; set; }
    public Action<TestOwner, long>? OnTimerFired { get; set; }
    public Action<TestOwner, long, WorkerContext>? OnFlush { get; set; }

    public int Overlaps => Volatile.Read(ref _overlaps);
    public int WrongThread => Volatile.Read(ref _wrongThread);
    public int Operations => Volatile.Read(ref _operations);
    public int Timers => Volatile.Read(ref _timers);
    public int Flushes => Volatile.Read(ref _flushes);

    /// <summary>What NextDeadline returns; set it on the worker, or from a test to move it behind the worker's back.</summary>
    public long Deadline
    {
        get => Volatile.Read(ref _deadline);
        set => Volatile.Write(ref _deadline, value);
    }

    /// <summary>When set, reading NextDeadline throws it (an owner bug the worker must survive).</summary>
    public Exception? DeadlineFault { get; set; }

    public long NextDeadline => DeadlineFault is { } fault ? throw fault : Deadline;

    public void ProcessOperation(in WorkOperation operation, long now)
    {
        Enter();
        try
        {
            Interlocked.Increment(ref _operations);
            OnOperation?.Invoke(this, in operation, now);
        }
        finally
        {
            Exit();
        }
    }

    public void OnTimer(long now)
    {
        Enter();
        try
        {
            Interlocked.Increment(ref _timers);
            if (OnTimerFired is null)
                Deadline = MonotonicClock.Never; // like an engine that handled its only timer
            else
                OnTimerFired(this, now);
        }
        finally
        {
            Exit();
        }
    }

    public void Flush(long now, WorkerContext context)
    {
        Enter();
        try
        {
            Interlocked.Increment(ref _flushes);
            OnFlush?.Invoke(this, now, context);
        }
        finally
        {
            Exit();
        }
    }

    public override string ToString() => Name;

    private void Enter()
    {
        if (Interlocked.Exchange(ref _inUse, 1) != 0)
            Interlocked.Increment(ref _overlaps);
        if (Handle is { } handle && !handle.IsOnWorkerThread)
            Interlocked.Increment(ref _wrongThread);
    }

    private void Exit() => Volatile.Write(ref _inUse, 0);
}

/// <summary>A call built from a delegate (tests may allocate).</summary>
internal sealed class LambdaCall(Action<long> execute, Action? cancelled = null) : WorkCall
{
    private int _cancelled;

    public int CancelledCount => Volatile.Read(ref _cancelled);

    protected internal override void Execute(long now) => execute(now);

    protected internal override void OnCancelled()
    {
        Interlocked.Increment(ref _cancelled);
        cancelled?.Invoke();
    }
}

/// <summary>A call that holds its worker until released: lets a test queue work behind it.</summary>
internal sealed class GateCall : WorkCall
{
    public ManualResetEventSlim Entered { get; } = new();
    public ManualResetEventSlim Release { get; } = new();

    protected internal override void Execute(long now)
    {
        Entered.Set();
        Release.Wait(TimeSpan.FromSeconds(30));
    }
}

internal static class Pools
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    public static WorkerPool Create(int workers = 1, WorkerFaultHandler? faults = null, Func<WorkerPoolOptions, WorkerPoolOptions>? configure = null)
    {
        var options = new WorkerPoolOptions { WorkerCount = workers, FaultHandler = faults, ThreadName = "test worker" };
        return new WorkerPool(configure is null ? options : configure(options));
    }

    public static (TestOwner Owner, WorkOwnerHandle Handle) Attach(this WorkerPool pool, string name, int? worker = null)
    {
        var owner = new TestOwner(name);
        owner.Handle = worker is int index ? pool.Attach(owner, index) : pool.Attach(owner);
        return (owner, owner.Handle);
    }

    /// <summary>Polls (bounded) until the condition holds; false on timeout.</summary>
    public static bool WaitUntil(Func<bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Patience);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                return false;
            Thread.Sleep(1);
        }
        return true;
    }

    /// <summary>Blocks the worker behind a gate call on a spare owner; returns the gate to open.</summary>
    public static GateCall Block(WorkerPool pool, int worker = 0)
    {
        var gate = new GateCall();
        (_, WorkOwnerHandle handle) = pool.Attach("gate", worker);
        Assert.True(handle.Post(gate));
        Assert.True(gate.Entered.Wait(Patience), "the worker never ran the gate call");
        return gate;
    }

    public static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
