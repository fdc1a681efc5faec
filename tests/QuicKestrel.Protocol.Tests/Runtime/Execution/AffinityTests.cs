using QuicKestrel.Protocol.Runtime;

namespace QuicKestrel.Protocol.Tests.Runtime.Execution;

/// <summary>Thread-affinity helpers: inline detection, synchronous calls, posted calls.</summary>
public class AffinityTests
{
    /// <summary>A GetParam-like call: reads owner state on the worker and returns it.</summary>
    private sealed class ReadCall(TestOwner owner) : WorkCall
    {
        public int Result;
        public int ThreadId;
        public bool WasOnWorker;

        protected internal override void Execute(long now)
        {
            Result = owner.Operations * 10 + 7;
            ThreadId = Environment.CurrentManagedThreadId;
            WasOnWorker = owner.Handle!.IsOnWorkerThread;
        }
    }

    [Fact]
    public void IsOnWorkerThread_is_true_only_on_the_owners_worker()
    {
        using WorkerPool pool = Pools.Create(2);
        var (first, firstHandle) = pool.Attach("first", worker: 0);
        var (_, sameWorker) = pool.Attach("same", worker: 0);
        var (_, otherWorker) = pool.Attach("other", worker: 1);
        bool[]? seen = null;
        first.OnOperation = (TestOwner _, in WorkOperation _, long _) =>
            seen = [firstHandle.IsOnWorkerThread, sameWorker.IsOnWorkerThread, otherWorker.IsOnWorkerThread, pool.CurrentWorker == pool.Workers[0]];

        Assert.False(firstHandle.IsOnWorkerThread);
        Assert.Null(pool.CurrentWorker);
        Assert.Null(Worker.Current);
        Assert.True(firstHandle.Signal(1));
        Assert.True(Pools.WaitUntil(() => Volatile.Read(ref seen) is not null));
        Assert.Equal([true, true, false, true], seen!);
    }

    [Fact]
    public void Invoke_from_another_thread_runs_on_the_worker_in_order_and_returns_the_result()
    {
        using WorkerPool pool = Pools.Create(1);
        var (owner, handle) = pool.Attach("params");
        for (int i = 0; i < 5; i++)
            Assert.True(handle.Signal(i));
        var call = new ReadCall(owner);

        Assert.Equal(WorkCallStatus.Completed, handle.Invoke(call));
        Assert.Equal(57, call.Result); // all five signals were processed first
        Assert.Equal(handle.Worker.ManagedThreadId, call.ThreadId);
        Assert.True(call.WasOnWorker);

        // The same call object again (a reused per-thread call, as the API layer will do).
        Assert.True(handle.Signal(5));
        Assert.Equal(WorkCallStatus.Completed, handle.Invoke(call));
        Assert.Equal(67, call.Result);
    }

    [Fact]
    public void Invoke_from_inside_a_callback_runs_inline_without_deadlock()
    {
        using WorkerPool pool = Pools.Create(1);
        var (owner, handle) = pool.Attach("inline");
        var done = new ManualResetEventSlim();
        WorkCallStatus status = WorkCallStatus.Rejected;
        bool ranBeforeReturn = false;
        owner.OnOperation = (TestOwner o, in WorkOperation _, long _) =>
        {
            bool ran = false;
            status = handle.Invoke(new LambdaCall(_ => ran = true));
            ranBeforeReturn = ran;
            done.Set();
        };
        Assert.True(handle.Signal(0));
        Assert.True(done.Wait(Pools.Patience), "the inline call deadlocked");
        Assert.Equal(WorkCallStatus.Completed, status);
        Assert.True(ranBeforeReturn);
        Assert.Equal(0, owner.Overlaps);
    }

    [Fact]
    public void Invoke_from_one_worker_onto_another_workers_owner_completes()
    {
        using WorkerPool pool = Pools.Create(2);
        var (caller, callerHandle) = pool.Attach("caller", worker: 0);
        var (target, targetHandle) = pool.Attach("target", worker: 1);
        var call = new ReadCall(target);
        WorkCallStatus status = WorkCallStatus.Rejected;
        var done = new ManualResetEventSlim();
        caller.OnOperation = (TestOwner _, in WorkOperation _, long _) =>
        {
            status = targetHandle.Invoke(call);
            done.Set();
        };
        Assert.True(callerHandle.Signal(0));
        Assert.True(done.Wait(Pools.Patience));
        Assert.Equal(WorkCallStatus.Completed, status);
        Assert.Equal(pool.Workers[1].ManagedThreadId, call.ThreadId);
    }

    [Fact]
    public void An_inline_call_on_another_owner_of_the_same_worker_gives_it_a_turn()
    {
        using WorkerPool pool = Pools.Create(1);
        var (caller, callerHandle) = pool.Attach("caller");
        var (target, targetHandle) = pool.Attach("target");
        target.OnTimerFired = (o, _) => o.Deadline = MonotonicClock.Never;
        caller.OnOperation = (TestOwner _, in WorkOperation _, long _) =>
            targetHandle.Invoke(new LambdaCall(now => target.Deadline = now + 10_000));

        Assert.True(callerHandle.Signal(0));
        // The target was never queued anything, yet it is flushed and its new deadline armed.
        Assert.True(Pools.WaitUntil(() => target.Timers == 1));
        Assert.True(target.Flushes >= 1);
        Assert.Equal(0, target.Operations);
    }

    [Fact]
    public void Posted_calls_run_in_order_with_signals_and_get_a_flush()
    {
        using WorkerPool pool = Pools.Create(1);
        var (owner, handle) = pool.Attach("posted");
        var log = new List<string>();
        owner.OnOperation = (TestOwner _, in WorkOperation op, long _) => log.Add($"s{op.Code}");
        Assert.True(handle.Signal(1));
        Assert.True(handle.Post(new LambdaCall(_ => log.Add("c1"))));
        Assert.True(handle.Signal(2));
        Assert.True(handle.Post(new LambdaCall(_ => log.Add("c2"))));
        Assert.Equal(WorkCallStatus.Completed, handle.Invoke(new LambdaCall(_ => log.Add("sync"))));
        Assert.Equal(["s1", "c1", "s2", "c2", "sync"], log);
        Assert.True(Pools.WaitUntil(() => owner.Flushes >= 1));
    }

    [Fact]
    public void RequestFlush_from_other_threads_is_coalesced_into_one_turn()
    {
        using WorkerPool pool = Pools.Create(1);
        var (owner, handle) = pool.Attach("flushed");
        GateCall gate = Pools.Block(pool);
        for (int i = 0; i < 100; i++)
            handle.RequestFlush();
        gate.Release.Set();
        Assert.True(Pools.WaitUntil(() => owner.Flushes == 1));
        Thread.Sleep(20);
        Assert.Equal(1, owner.Flushes);
        Assert.Equal(0, owner.Operations);

        handle.RequestFlush(); // the flag was cleared: a later request works again
        Assert.True(Pools.WaitUntil(() => owner.Flushes == 2));
    }
}
