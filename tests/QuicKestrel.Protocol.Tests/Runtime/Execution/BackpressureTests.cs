using QuicKestrel.Protocol.Runtime;
using QuicKestrel.Protocol.Runtime.Datapath;

namespace QuicKestrel.Protocol.Tests.Runtime.Execution;

/// <summary>Datagram queues are bounded (drops, as a full socket would); API operations are never dropped.</summary>
public class BackpressureTests
{
    private static List<DatagramBuffer> Flood(WorkOwnerHandle handle, int count, out int accepted)
    {
        var buffers = new DatagramBufferPool(100, count);
        var rented = new List<DatagramBuffer>();
        accepted = 0;
        for (int i = 0; i < count; i++)
        {
            DatagramBuffer buffer = buffers.Rent();
            if (handle.EnqueueDatagram(new ReceivedDatagram(buffer, 0, 10)))
                accepted++;
            buffer.Release();
            rented.Add(buffer);
        }
        return rented;
    }

    [Fact]
    public void An_owner_keeps_at_most_its_datagram_quota_and_the_rest_are_released()
    {
        using WorkerPool pool = Pools.Create(1, configure: o => o with { MaxQueuedDatagramsPerOwner = 10 });
        var (owner, handle) = pool.Attach("flooded");
        GateCall gate = Pools.Block(pool);
        List<DatagramBuffer> buffers = Flood(handle, 30, out int accepted);
        Assert.True(handle.Signal(99)); // a non-datagram operation still gets through
        gate.Release.Set();

        Assert.Equal(30, accepted); // the worker's inbox took them; the owner's quota drops them
        Assert.True(Pools.WaitUntil(() => owner.Operations == 11));
        Assert.Equal(20, handle.DatagramsDropped);
        Assert.True(Pools.WaitUntil(() => buffers.All(b => b.ReferenceCount == 0)));
    }

    [Fact]
    public void A_full_worker_inbox_refuses_datagrams_without_retaining_them()
    {
        using WorkerPool pool = Pools.Create(1, configure: o => o with { MaxQueuedDatagramsPerWorker = 10 });
        var (owner, handle) = pool.Attach("flooded");
        GateCall gate = Pools.Block(pool);
        List<DatagramBuffer> buffers = Flood(handle, 30, out int accepted);
        for (int i = 0; i < 50; i++)
            Assert.True(handle.Signal(i)); // calls and signals are never refused for capacity
        Assert.Equal(10, accepted);
        Assert.Equal(20, pool.Workers[0].DatagramsRefused);
        Assert.Equal(20, handle.DatagramsDropped);
        Assert.Equal(20, buffers.Count(b => b.ReferenceCount == 0)); // refused ones were never retained
        gate.Release.Set();

        Assert.True(Pools.WaitUntil(() => owner.Operations == 60));
        Assert.True(Pools.WaitUntil(() => buffers.All(b => b.ReferenceCount == 0)));
        // The count resets once the worker takes the batch: new datagrams are accepted again.
        Flood(handle, 5, out int later);
        Assert.Equal(5, later);
    }
}
