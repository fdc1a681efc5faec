using System.Collections.Concurrent;
using QuicKestrel.Protocol.Runtime;
using QuicKestrel.Protocol.Runtime.Datapath;

namespace QuicKestrel.Protocol.Tests.Runtime.Execution;

/// <summary>Exceptions from owner code are caught, reported, and cost only that owner.</summary>
public class WorkerFaultTests
{
    private sealed class Boom(string where) : Exception(where);

    private static (WorkerPool Pool, ConcurrentQueue<(Worker Worker, IWorkOwner? Owner, Exception Exception)> Faults) Create()
    {
        var faults = new ConcurrentQueue<(Worker, IWorkOwner?, Exception)>();
        return (Pools.Create(1, faults: (w, o, e) => faults.Enqueue((w, o, e))), faults);
    }

    [Theory]
    [InlineData("operation")]
    [InlineData("timer")]
    [InlineData("flush")]
    [InlineData("posted call")]
    [InlineData("deadline")]
    public void A_throwing_owner_is_reported_and_detached_while_the_worker_serves_the_others(string where)
    {
        var (pool, faults) = Create();
        using (pool)
        {
            var (bad, badHandle) = pool.Attach("bad");
            var (good, goodHandle) = pool.Attach("good");
            var buffers = new DatagramBufferPool(100, 4);
            DatagramBuffer pendingBuffer = buffers.Rent();
            GateCall gate = Pools.Block(pool);
            switch (where)
            {
                case "operation":
                    bad.OnOperation = (TestOwner _, in WorkOperation _, long _) => throw new Boom(where);
                    Assert.True(badHandle.Signal(0));
                    break;
                case "timer":
                    bad.OnTimerFired = (_, _) => throw new Boom(where);
                    Assert.True(badHandle.Post(new LambdaCall(now => bad.Deadline = now)));
                    break;
                case "flush":
                    bad.OnFlush = (_, _, _) => throw new Boom(where);
                    badHandle.RequestFlush();
                    break;
                case "posted call":
                    Assert.True(badHandle.Post(new LambdaCall(_ => throw new Boom(where))));
                    break;
                case "deadline":
                    bad.DeadlineFault = new Boom(where); // read when the turn re-arms the timer
                    badHandle.RequestFlush();
                    break;
            }
            // Queued behind the fault: must be dropped, buffer released.
            Assert.True(badHandle.EnqueueDatagram(new ReceivedDatagram(pendingBuffer, 0, 10)));
            pendingBuffer.Release();
            gate.Release.Set();

            Assert.True(Pools.WaitUntil(() => faults.Count == 1));
            var (worker, owner, exception) = faults.Single();
            Assert.Same(pool.Workers[0], worker);
            Assert.Same(bad, owner);
            Assert.Equal(where, Assert.IsType<Boom>(exception).Message);
            Assert.True(badHandle.IsClosed);
            Assert.False(badHandle.Signal(1));
            Assert.True(Pools.WaitUntil(() => pendingBuffer.ReferenceCount == 0));

            // The worker lives on.
            Assert.True(goodHandle.Signal(1));
            Assert.True(Pools.WaitUntil(() => good.Operations == 1));
            Assert.Equal(1, pool.Workers[0].Faults);
        }
    }

    [Fact]
    public void A_synchronous_call_that_throws_reports_Faulted_to_its_caller()
    {
        var (pool, faults) = Create();
        using (pool)
        {
            var (_, handle) = pool.Attach("bad");
            Assert.Equal(WorkCallStatus.Faulted, handle.Invoke(new LambdaCall(_ => throw new Boom("sync"))));
            Assert.True(Pools.WaitUntil(() => faults.Count == 1));
            Assert.True(handle.IsClosed);
        }
    }

    [Fact]
    public void A_fault_handler_that_throws_does_not_kill_the_worker()
    {
        using WorkerPool pool = Pools.Create(1, faults: (_, _, _) => throw new InvalidOperationException("handler"));
        var (bad, badHandle) = pool.Attach("bad");
        bad.OnOperation = (TestOwner _, in WorkOperation _, long _) => throw new Boom("op");
        var (good, goodHandle) = pool.Attach("good");
        Assert.True(badHandle.Signal(0));
        Assert.True(Pools.WaitUntil(() => badHandle.IsClosed));
        Assert.True(goodHandle.Signal(0));
        Assert.True(Pools.WaitUntil(() => good.Operations == 1));
    }

    [Fact]
    public void Closing_from_another_thread_delivers_what_came_before_and_refuses_what_follows()
    {
        using WorkerPool pool = Pools.Create(1);
        var (owner, handle) = pool.Attach("closing");
        GateCall gate = Pools.Block(pool);
        for (int i = 0; i < 5; i++)
            Assert.True(handle.Signal(i));
        handle.Close();
        Assert.True(handle.IsClosed);
        Assert.False(handle.Signal(5));
        var buffers = new DatagramBufferPool(100, 4);
        DatagramBuffer buffer = buffers.Rent();
        Assert.False(handle.EnqueueDatagram(new ReceivedDatagram(buffer, 0, 10)));
        Assert.Equal(1, buffer.ReferenceCount);
        Assert.Equal(1, handle.DatagramsDropped);
        gate.Release.Set();

        Assert.True(Pools.WaitUntil(() => handle.Worker.OwnerCount == 1)); // only the gate's owner left
        Assert.Equal(5, owner.Operations);
    }

    [Fact]
    public void Closing_inside_a_callback_drops_the_rest_at_once()
    {
        using WorkerPool pool = Pools.Create(1);
        var (owner, handle) = pool.Attach("self-closing");
        var later = new LambdaCall(_ => { });
        WorkCallStatus? inlineAfterClose = null;
        owner.OnOperation = (TestOwner _, in WorkOperation op, long _) =>
        {
            if (op.Code != 0)
                return;
            handle.Close();
            inlineAfterClose = handle.Invoke(new LambdaCall(_ => { }));
        };
        GateCall gate = Pools.Block(pool);
        Assert.True(handle.Signal(0));
        Assert.True(handle.Signal(1));
        Assert.True(handle.Post(later));
        gate.Release.Set();

        Assert.True(Pools.WaitUntil(() => later.CancelledCount == 1 && inlineAfterClose is not null));
        Thread.Sleep(20);
        Assert.Equal(1, owner.Operations);
        Assert.Equal(0, owner.Flushes); // a detached owner is not flushed
        Assert.Equal(WorkCallStatus.Rejected, inlineAfterClose);
    }
}
