using System.Collections.Concurrent;
using QuicKestrel.Protocol.Runtime;

namespace QuicKestrel.Protocol.Tests.Runtime.Execution;

/// <summary>Owners' timers on a real worker: order, never early, moving, cancelling.</summary>
public class WorkerTimerTests
{
    /// <summary>Sets the owner's deadline on the worker (the owner's turn then re-arms the timer).</summary>
    private static void Arm(WorkOwnerHandle handle, TestOwner owner, long deadline) =>
        Assert.Equal(WorkCallStatus.Completed, handle.Invoke(new LambdaCall(_ => owner.Deadline = deadline)));

    [Fact]
    public void Timers_fire_in_deadline_order_and_never_early()
    {
        using WorkerPool pool = Pools.Create(1);
        var fired = new ConcurrentQueue<(int Id, long Deadline, long Now)>();
        const int count = 24;
        var order = Enumerable.Range(0, count).OrderBy(i => (i * 7) % count).ToArray(); // armed out of order
        long start = MonotonicClock.NowMicros + 60_000;
        foreach (int id in order)
        {
            var (owner, handle) = pool.Attach($"t{id}");
            long deadline = start + id * 4_000;
            owner.OnTimerFired = (o, now) =>
            {
                fired.Enqueue((id, o.Deadline, now));
                o.Deadline = MonotonicClock.Never;
            };
            Arm(handle, owner, deadline);
        }

        Assert.True(Pools.WaitUntil(() => fired.Count == count));
        var list = fired.ToList();
        Assert.Equal(Enumerable.Range(0, count), list.Select(f => f.Id));
        Assert.All(list, f => Assert.True(f.Now >= f.Deadline, $"timer {f.Id} fired {f.Deadline - f.Now} us early"));
        Assert.Equal(count, pool.Workers[0].TimersFired);
    }

    [Fact]
    public void Rearming_moves_the_single_timer_earlier_or_later()
    {
        using WorkerPool pool = Pools.Create(1);
        var (owner, handle) = pool.Attach("mover");
        var firedAt = new ConcurrentQueue<(long Deadline, long Now)>();
        owner.OnTimerFired = (o, now) =>
        {
            firedAt.Enqueue((o.Deadline, now));
            o.Deadline = MonotonicClock.Never;
        };

        // Far away, then earlier: it fires at the earlier time, once.
        Arm(handle, owner, MonotonicClock.NowMicros + 600_000_000);
        Arm(handle, owner, MonotonicClock.NowMicros + 20_000);
        Assert.True(Pools.WaitUntil(() => firedAt.Count == 1));

        // Soon, then later: it must not fire at the old time.
        long later = MonotonicClock.NowMicros + 250_000;
        Arm(handle, owner, MonotonicClock.NowMicros + 10_000);
        Arm(handle, owner, later);
        Assert.True(Pools.WaitUntil(() => firedAt.Count == 2));
        Thread.Sleep(50);
        Assert.Equal(2, firedAt.Count);
        Assert.All(firedAt, f => Assert.True(f.Now >= f.Deadline));
        Assert.True(firedAt.Last().Now >= later, "fired at the deadline it was moved away from");
    }

    [Fact]
    public void Cancelled_timers_and_timers_of_closed_owners_do_not_fire()
    {
        using WorkerPool pool = Pools.Create(1);
        var (cancelled, cancelledHandle) = pool.Attach("cancelled");
        var (closed, closedHandle) = pool.Attach("closed");
        var (witness, witnessHandle) = pool.Attach("witness");
        witness.OnTimerFired = (o, _) => o.Deadline = MonotonicClock.Never;

        long soon = MonotonicClock.NowMicros + 40_000;
        Arm(cancelledHandle, cancelled, soon);
        Arm(closedHandle, closed, soon);
        Arm(cancelledHandle, cancelled, MonotonicClock.Never);
        closedHandle.Close();
        Arm(witnessHandle, witness, soon + 60_000); // fires after both would have

        Assert.True(Pools.WaitUntil(() => witness.Timers == 1));
        Assert.Equal(0, cancelled.Timers);
        Assert.Equal(0, closed.Timers);
    }

    [Fact]
    public void A_deadline_moved_later_without_a_turn_is_rechecked_before_firing()
    {
        using WorkerPool pool = Pools.Create(1);
        var (owner, handle) = pool.Attach("moved");
        long fired = 0;
        owner.OnTimerFired = (o, now) =>
        {
            Volatile.Write(ref fired, now);
            o.Deadline = MonotonicClock.Never;
        };
        Arm(handle, owner, MonotonicClock.NowMicros + 30_000);
        long later = MonotonicClock.NowMicros + 200_000;
        owner.Deadline = later; // behind the worker's back: the heap still holds the old deadline

        Assert.True(Pools.WaitUntil(() => Volatile.Read(ref fired) != 0));
        Assert.True(Volatile.Read(ref fired) >= later);
        Assert.Equal(1, owner.Timers);
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
