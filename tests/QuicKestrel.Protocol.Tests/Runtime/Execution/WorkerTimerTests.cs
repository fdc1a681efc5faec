using System.Collections.Concurrent;
using QuicKestrel.Protocol.Runtime;

namespace QuicKestrel.Protocol.Tests.Runtime.Execution;

/// <summary>
/// Owners' timers on a real worker: order, never early, moving, cancelling. Scenarios that
/// race real time are set up with a margin; when the machine was too slow to set one up
/// inside its margin the attempt is inconclusive and repeats with a larger margin.
/// </summary>
public class WorkerTimerTests
{
    /// <summary>Sets the owner's deadline on the worker (the owner's turn then re-arms the timer).</summary>
    private static void Arm(WorkOwnerHandle handle, TestOwner owner, long deadline) =>
        Assert.Equal(WorkCallStatus.Completed, handle.Invoke(new LambdaCall(_ => owner.Deadline = deadline)));

    /// <summary>Runs a scenario with margins of 30 ms, 120 ms, 480 ms, 1.9 s until one is conclusive (non-null).</summary>
    private static void WithGrowingMargin(Func<long, bool?> scenario)
    {
        for (long margin = 30_000; margin <= 2_000_000; margin *= 4)
        {
            if (scenario(margin) is bool passed)
            {
                Assert.True(passed);
                return;
            }
        }
        Assert.Fail("the machine never set the scenario up within a 1.9 s margin");
    }

    private static TestOwner Recording(WorkerPool pool, string name, ConcurrentQueue<(long Deadline, long Now)> fired)
    {
        var (owner, _) = pool.Attach(name);
        owner.OnTimerFired = (o, now) =>
        {
            fired.Enqueue((o.Deadline, now));
            o.Deadline = MonotonicClock.Never;
        };
        return owner;
    }

    [Fact]
    public void Timers_fire_in_deadline_order_and_never_early()
    {
        using WorkerPool pool = Pools.Create(1);
        var fired = new ConcurrentQueue<(int Id, long Deadline, long Now)>();
        const int count = 24;
        var owners = new (TestOwner Owner, WorkOwnerHandle Handle)[count];
        for (int id = 0; id < count; id++)
        {
            int captured = id;
            owners[id] = pool.Attach($"t{id}");
            owners[id].Owner.OnTimerFired = (o, now) =>
            {
                fired.Enqueue((captured, o.Deadline, now));
                o.Deadline = MonotonicClock.Never;
            };
        }

        // Armed out of order while the worker is held, so every timer is armed before any can fire.
        GateCall gate = Pools.Block(pool);
        long start = MonotonicClock.NowMicros + 20_000;
        foreach (int id in Enumerable.Range(0, count).OrderBy(i => (i * 7) % count))
        {
            TestOwner owner = owners[id].Owner;
            long deadline = start + id * 2_000;
            Assert.True(owners[id].Handle.Post(new LambdaCall(_ => owner.Deadline = deadline)));
        }
        gate.Release.Set();

        Assert.True(Pools.WaitUntil(() => fired.Count == count));
        var list = fired.ToList();
        Assert.Equal(Enumerable.Range(0, count), list.Select(f => f.Id));
        Assert.All(list, f => Assert.True(f.Now >= f.Deadline, $"timer {f.Id} fired {f.Deadline - f.Now} us early"));
        Assert.Equal(count, pool.Workers[0].TimersFired);
    }

    [Fact]
    public void Rearming_earlier_fires_at_the_new_time_once()
    {
        using WorkerPool pool = Pools.Create(1);
        var fired = new ConcurrentQueue<(long Deadline, long Now)>();
        TestOwner owner = Recording(pool, "earlier", fired);
        Arm(owner.Handle!, owner, MonotonicClock.NowMicros + 600_000_000);
        long earlier = MonotonicClock.NowMicros + 20_000;
        Arm(owner.Handle!, owner, earlier);

        Assert.True(Pools.WaitUntil(() => fired.Count == 1));
        Thread.Sleep(30);
        var only = Assert.Single(fired);
        Assert.Equal(earlier, only.Deadline);
        Assert.True(only.Now >= earlier);
    }

    [Fact]
    public void Rearming_later_does_not_fire_at_the_old_time()
    {
        using WorkerPool pool = Pools.Create(1);
        WithGrowingMargin(margin =>
        {
            var fired = new ConcurrentQueue<(long Deadline, long Now)>();
            TestOwner owner = Recording(pool, "later", fired);
            long old = MonotonicClock.NowMicros + margin;
            Arm(owner.Handle!, owner, old);
            long later = MonotonicClock.NowMicros + 3 * margin;
            Arm(owner.Handle!, owner, later);
            if (MonotonicClock.NowMicros >= old)
                return null; // moved too late to prove anything

            Assert.True(Pools.WaitUntil(() => !fired.IsEmpty));
            Thread.Sleep(10);
            var only = Assert.Single(fired);
            owner.Handle!.Close();
            return only.Deadline == later && only.Now >= later;
        });
    }

    [Fact]
    public void Cancelled_timers_and_timers_of_closed_owners_do_not_fire()
    {
        using WorkerPool pool = Pools.Create(1);
        WithGrowingMargin(margin =>
        {
            var (cancelled, cancelledHandle) = pool.Attach("cancelled");
            var (closed, closedHandle) = pool.Attach("closed");
            var (witness, witnessHandle) = pool.Attach("witness");
            long soon = MonotonicClock.NowMicros + margin;
            Arm(cancelledHandle, cancelled, soon);
            Arm(closedHandle, closed, soon);
            // The turn after each call re-arms; if either fired already, the margin was too small.
            Assert.True(Pools.WaitUntil(() => (cancelledHandle.IsTimerArmed && closedHandle.IsTimerArmed) || cancelled.Timers + closed.Timers > 0));
            Arm(cancelledHandle, cancelled, MonotonicClock.Never);
            closedHandle.Close();
            Arm(witnessHandle, witness, soon + margin); // fires after both would have
            if (MonotonicClock.NowMicros >= soon)
            {
                foreach (WorkOwnerHandle handle in new[] { cancelledHandle, witnessHandle })
                    handle.Close();
                return null;
            }

            Assert.True(Pools.WaitUntil(() => witness.Timers == 1));
            witnessHandle.Close();
            cancelledHandle.Close();
            return cancelled.Timers == 0 && closed.Timers == 0;
        });
    }

    [Fact]
    public void A_deadline_moved_later_without_a_turn_is_rechecked_before_firing()
    {
        using WorkerPool pool = Pools.Create(1);
        WithGrowingMargin(margin =>
        {
            var fired = new ConcurrentQueue<(long Deadline, long Now)>();
            TestOwner owner = Recording(pool, "moved", fired);
            long old = MonotonicClock.NowMicros + margin;
            Arm(owner.Handle!, owner, old);
            long later = MonotonicClock.NowMicros + 3 * margin;
            owner.Deadline = later; // behind the worker's back: the heap still holds the old deadline
            if (MonotonicClock.NowMicros >= old)
                return null;

            Assert.True(Pools.WaitUntil(() => !fired.IsEmpty));
            var only = Assert.Single(fired);
            owner.Handle!.Close();
            return only.Deadline == later && only.Now >= later;
        });
    }

    [Fact]
    public void A_timer_turn_flushes_the_owner_and_rearms_from_its_next_deadline()
    {
        using WorkerPool pool = Pools.Create(1);
        var (owner, handle) = pool.Attach("periodic");
        owner.OnTimerFired = (o, now) => o.Deadline = o.Timers < 5 ? now + 5_000 : MonotonicClock.Never;
        Arm(handle, owner, MonotonicClock.NowMicros + 5_000);
        Assert.True(Pools.WaitUntil(() => owner.Timers == 5));
        Thread.Sleep(30);
        Assert.Equal(5, owner.Timers);
        Assert.True(owner.Flushes >= 6, $"{owner.Flushes} flushes"); // the arming call's turn plus one per timer
    }
}
