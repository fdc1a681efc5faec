using System.Diagnostics;
using QuicKestrel.Protocol.Runtime;
using QuicKestrel.Protocol.Runtime.Datapath;
using Xunit.Abstractions;

namespace QuicKestrel.Protocol.Tests.Runtime.Execution;

public class WorkerShutdownTests(ITestOutputHelper output)
{
    [Fact]
    public void Stop_with_pending_operations_releases_buffers_cancels_calls_and_joins()
    {
        var pool = Pools.Create(1);
        var (owner, handle) = pool.Attach("busy");
        var buffers = new DatagramBufferPool(1500, 256);
        GateCall gate = Pools.Block(pool);

        // Queued behind the gate: datagrams, posted calls, a blocked synchronous caller.
        var queued = new List<DatagramBuffer>();
        for (int i = 0; i < 100; i++)
        {
            DatagramBuffer buffer = buffers.Rent();
            Assert.True(handle.EnqueueDatagram(new ReceivedDatagram(buffer, 0, 100)));
            buffer.Release();
            queued.Add(buffer);
        }
        var posted = Enumerable.Range(0, 10).Select(_ => new LambdaCall(_ => { })).ToArray();
        Assert.All(posted, call => Assert.True(handle.Post(call)));
        WorkCallStatus syncStatus = WorkCallStatus.Completed;
        var syncCaller = new Thread(() => syncStatus = handle.Invoke(new LambdaCall(_ => { })));
        syncCaller.Start();
        Assert.True(Pools.WaitUntil(() => pool.Workers[0].QueuedOperations == 111)); // the caller's call is queued: it is blocked

        var watch = Stopwatch.StartNew();
        bool stopped = false;
        var stopper = new Thread(() => stopped = pool.Stop(Pools.Patience));
        stopper.Start();
        Assert.True(Pools.WaitUntil(() => handle.IsClosed)); // refused from the moment Stop begins
        gate.Release.Set();
        Assert.True(stopper.Join(Pools.Patience));
        watch.Stop();
        output.WriteLine($"Stop returned {watch.Elapsed.TotalMilliseconds:F1} ms after it was called (the gate held it ~until released)");

        Assert.True(stopped);
        Assert.True(syncCaller.Join(Pools.Patience));
        Assert.Equal(WorkCallStatus.Cancelled, syncStatus);
        Assert.All(posted, call => Assert.Equal(1, call.CancelledCount));
        Assert.All(queued, buffer => Assert.Equal(0, buffer.ReferenceCount));
        Assert.Equal(0, owner.Operations);
        Assert.Equal(0, pool.Workers[0].Faults);
    }

    [Fact]
    public void After_stop_everything_is_refused_and_nothing_leaks()
    {
        var pool = Pools.Create(2);
        var (_, handle) = pool.Attach("late");
        Assert.True(pool.Stop(Timeout.InfiniteTimeSpan));
        Assert.All(pool.Workers, w => Assert.True(w.IsStopping));

        var buffers = new DatagramBufferPool(1500, 4);
        DatagramBuffer buffer = buffers.Rent();
        Assert.False(handle.EnqueueDatagram(new ReceivedDatagram(buffer, 0, 10)));
        Assert.Equal(1, buffer.ReferenceCount); // not retained
        Assert.False(handle.Signal(1));
        var call = new LambdaCall(_ => { });
        Assert.False(handle.Post(call));
        Assert.Equal(0, call.CancelledCount); // refused, never queued: the caller still owns it
        Assert.Equal(WorkCallStatus.Rejected, handle.Invoke(call));
        handle.RequestFlush();
        handle.Close();
        Assert.True(handle.IsClosed);
        Assert.Throws<ObjectDisposedException>(() => pool.Attach(new TestOwner()));
        Assert.True(pool.Stop(TimeSpan.FromSeconds(1))); // idempotent
    }

    [Fact]
    public void Stop_joins_idle_workers_promptly()
    {
        var pool = Pools.Create(4);
        for (int i = 0; i < 20; i++)
        {
            var (owner, handle) = pool.Attach($"idle{i}");
            handle.Invoke(new LambdaCall(now => owner.Deadline = now + 60_000_000)); // armed far away
        }
        Thread.Sleep(50); // let them all block
        var watch = Stopwatch.StartNew();
        Assert.True(pool.Stop(Pools.Patience));
        watch.Stop();
        output.WriteLine($"4 idle workers stopped and joined in {watch.Elapsed.TotalMilliseconds:F2} ms");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"Stop took {watch.Elapsed}"); // generous: the machine may be loaded
    }

    [Fact]
    public void Stop_called_from_a_worker_thread_does_not_wait_for_itself()
    {
        var pool = Pools.Create(2);
        var (owner, handle) = pool.Attach("stopper", worker: 0);
        bool? result = null;
        owner.OnOperation = (TestOwner _, in WorkOperation _, long _) => result = pool.Stop(Pools.Patience);
        Assert.True(handle.Signal(0));
        Assert.True(Pools.WaitUntil(() => result is not null));
        Assert.True(result);
        Assert.True(pool.Stop(Pools.Patience)); // now joins the worker that called it
    }
}
