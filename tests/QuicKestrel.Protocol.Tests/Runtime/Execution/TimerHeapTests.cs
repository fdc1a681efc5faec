using FsCheck;
using FsCheck.Fluent;
using QuicKestrel.Protocol.Runtime;

namespace QuicKestrel.Protocol.Tests.Runtime.Execution;

public class TimerHeapTests
{
    private sealed class Entry(int id) : TimerEntry
    {
        public int Id { get; } = id;
    }

    [Fact]
    public void Pops_in_deadline_order_and_equal_deadlines_in_arming_order()
    {
        Prop.ForAll(Gen.Choose(0, 30).ArrayOf().ToArbitrary(), deadlines =>
        {
            var heap = new TimerHeap();
            var entries = deadlines.Select((_, i) => new Entry(i)).ToArray();
            for (int i = 0; i < deadlines.Length; i++)
                heap.Set(entries[i], deadlines[i]);

            var popped = new List<int>();
            while (heap.TryPopExpired(long.MaxValue - 1, out TimerEntry? entry))
                popped.Add(((Entry)entry!).Id);
            // OrderBy is stable: equal deadlines keep arming order.
            var expected = deadlines.Select((d, i) => (d, i)).OrderBy(x => x.d).Select(x => x.i);
            return popped.SequenceEqual(expected) && heap.Count == 0 && entries.All(e => !e.IsTimerArmed);
        }).QuickCheckThrowOnFailure();
    }

    /// <summary>Random arm / move / cancel / pop sequences against a simple model.</summary>
    [Fact]
    public void Matches_a_model_under_random_arming_moving_and_cancelling()
    {
        Gen<(int Kind, int Entry, int Deadline)> step =
            from kind in Gen.Choose(0, 9)
            from entry in Gen.Choose(0, 7)
            from deadline in Gen.Choose(0, 40)
            select (kind, entry, deadline);

        Prop.ForAll(step.ArrayOf().ToArbitrary(), steps =>
        {
            var heap = new TimerHeap();
            var entries = Enumerable.Range(0, 8).Select(i => new Entry(i)).ToArray();
            var model = new Dictionary<int, (long Deadline, long Sequence)>();
            long sequence = 0;
            foreach (var (kind, id, deadline) in steps)
            {
                if (kind <= 5)
                {
                    // Arm or move (re-arming at the same deadline keeps its place).
                    heap.Set(entries[id], deadline);
                    if (!model.TryGetValue(id, out var armed) || armed.Deadline != deadline)
                        model[id] = (deadline, sequence++);
                }
                else if (kind <= 7)
                {
                    // Cancel, either way.
                    if (kind == 6)
                        heap.Remove(entries[id]);
                    else
                        heap.Set(entries[id], MonotonicClock.Never);
                    model.Remove(id);
                }
                else
                {
                    bool expectPop = model.Count > 0 && model.Values.Min(v => v.Deadline) <= deadline;
                    bool popped = heap.TryPopExpired(deadline, out TimerEntry? entry);
                    if (popped != expectPop)
                        return false;
                    if (popped)
                    {
                        var first = model.OrderBy(p => p.Value.Deadline).ThenBy(p => p.Value.Sequence).First();
                        if (((Entry)entry!).Id != first.Key || entry.IsTimerArmed)
                            return false;
                        model.Remove(first.Key);
                    }
                }

                long expectedNext = model.Count == 0 ? MonotonicClock.Never : model.Values.Min(v => v.Deadline);
                if (heap.NextDeadline != expectedNext || heap.Count != model.Count)
                    return false;
                foreach (Entry e in entries)
                {
                    bool armed = model.TryGetValue(e.Id, out var m);
                    if (e.IsTimerArmed != armed || e.ArmedDeadline != (armed ? m.Deadline : MonotonicClock.Never))
                        return false;
                }
            }
            return true;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Moving_a_timer_later_or_earlier_changes_which_fires_first()
    {
        var heap = new TimerHeap();
        Entry a = new(0), b = new(1);
        heap.Set(a, 100);
        heap.Set(b, 200);
        heap.Set(a, 300); // later: b is now first
        Assert.Equal(200, heap.NextDeadline);
        Assert.False(heap.TryPopExpired(199, out _));
        Assert.True(heap.TryPopExpired(250, out TimerEntry? first));
        Assert.Same(b, first);
        heap.Set(b, 50); // re-armed after firing
        heap.Set(a, 10); // earlier
        Assert.True(heap.TryPopExpired(1000, out first));
        Assert.Same(a, first);
        Assert.True(heap.TryPopExpired(1000, out TimerEntry? second));
        Assert.Same(b, second);
        Assert.Equal(MonotonicClock.Never, heap.NextDeadline);
    }

    [Fact]
    public void Clear_disarms_everything_and_large_heaps_stay_ordered()
    {
        var heap = new TimerHeap();
        var entries = Enumerable.Range(0, 5000).Select(i => new Entry(i)).ToArray();
        var random = new Random(7);
        foreach (Entry e in entries)
            heap.Set(e, random.Next(1_000_000));
        foreach (Entry e in entries.Where(e => e.Id % 3 == 0))
            heap.Set(e, random.Next(1_000_000));
        long previous = long.MinValue;
        for (int i = 0; i < 2500; i++)
        {
            long next = heap.NextDeadline;
            Assert.True(next >= previous, $"{next} after {previous}");
            Assert.True(heap.TryPopExpired(next, out TimerEntry? entry));
            Assert.False(entry!.IsTimerArmed);
            previous = next;
        }
        Assert.Equal(2500, heap.Count);
        heap.Clear();
        Assert.Equal(0, heap.Count);
        Assert.All(entries, e => Assert.False(e.IsTimerArmed));
        Assert.Equal(MonotonicClock.Never, heap.NextDeadline);
    }
}
