using FsCheck;
using FsCheck.Fluent;

namespace QuicKestrel.Protocol.Tests.Simulation;

public class SimEventQueueTests
{
    [Fact]
    public void Pops_events_by_time_then_in_insertion_order()
    {
        Prop.ForAll(Gen.Choose(0, 20).ArrayOf().ToArbitrary(), times =>
        {
            var queue = new SimEventQueue();
            for (int i = 0; i < times.Length; i++)
                queue.Push(times[i], SimEventKind.Deliver, target: i);

            var popped = new List<(long Time, int Target)>();
            while (queue.Count > 0)
            {
                var e = queue.Pop();
                popped.Add((e.Time, e.Target));
            }
            // OrderBy is a stable sort: equal times keep insertion order.
            var expected = times.Select((t, i) => ((long)t, i)).OrderBy(x => x.Item1).ToList();
            return popped.SequenceEqual(expected);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Grows_past_its_initial_capacity_and_peeks_the_earliest()
    {
        var queue = new SimEventQueue();
        for (int i = 5000; i > 0; i--)
            queue.Push(i, SimEventKind.Timer, i);
        Assert.True(queue.TryPeekTime(out long first));
        Assert.Equal(1, first);
        for (int i = 1; i <= 5000; i++)
            Assert.Equal(i, queue.Pop().Time);
        Assert.False(queue.TryPeekTime(out _));
        Assert.Throws<InvalidOperationException>(() => queue.Pop());
    }
}
