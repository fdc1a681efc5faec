using QuicKestrel.Protocol.Runtime;

namespace QuicKestrel.Protocol.Tests.Runtime.Execution;

public class RingBufferTests
{
    [Fact]
    public void Keeps_fifo_order_across_wraparound_and_growth()
    {
        var ring = new RingBuffer<int>(4);
        int next = 0, expected = 0;
        // Interleave so the head wraps before and after each doubling.
        for (int round = 0; round < 200; round++)
        {
            for (int i = 0; i < round % 7 + 1; i++)
                ring.Enqueue(next++);
            for (int i = 0; i < round % 5 && ring.TryDequeue(out int value); i++)
                Assert.Equal(expected++, value);
        }
        while (ring.TryDequeue(out int value))
            Assert.Equal(expected++, value);
        Assert.Equal(next, expected);
        Assert.Equal(0, ring.Count);
        Assert.False(ring.TryDequeue(out _));
    }

    [Fact]
    public void Reuses_its_slots_once_large_enough()
    {
        var ring = new RingBuffer<string>(3);
        Assert.Equal(4, ring.Capacity);
        for (int i = 0; i < 10_000; i++)
        {
            ring.Enqueue("a");
            ring.Enqueue("b");
            Assert.True(ring.TryDequeue(out string? first));
            Assert.True(ring.TryDequeue(out string? second));
            Assert.Equal(("a", "b"), (first, second));
        }
        Assert.Equal(4, ring.Capacity);
    }

    [Fact]
    public void Dequeued_slots_do_not_keep_objects_alive()
    {
        var ring = new RingBuffer<object>(4);
        WeakReference reference = EnqueueAndDequeue(ring);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.False(reference.IsAlive);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference EnqueueAndDequeue(RingBuffer<object> ring)
    {
        var item = new object();
        ring.Enqueue(item);
        Assert.True(ring.TryDequeue(out _));
        return new WeakReference(item);
    }
}
