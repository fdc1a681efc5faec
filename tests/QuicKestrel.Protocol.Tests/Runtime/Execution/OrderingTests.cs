using System.Collections.Concurrent;
using QuicKestrel.Protocol.Runtime;
using QuicKestrel.Protocol.Runtime.Datapath;
using Xunit.Abstractions;

namespace QuicKestrel.Protocol.Tests.Runtime.Execution;

public class OrderingTests(ITestOutputHelper output)
{
    private const int Producers = 6;
    private const int Owners = 8;
    private const int PerProducer = 12_000;

    /// <summary>
    /// Six threads queue signals, posted calls and datagrams to eight owners on two workers.
    /// Every owner must see each producer's operations in the order queued, never two at once,
    /// always on its own worker; every datagram buffer must come back.
    /// </summary>
    [Fact]
    public void Operations_from_many_producers_arrive_in_order_and_never_concurrently()
    {
        using WorkerPool pool = Pools.Create(2, configure: o => o with { MaxQueuedDatagramsPerOwner = 1 << 20, MaxQueuedDatagramsPerWorker = 1 << 20 });
        var buffers = new DatagramBufferPool(64, 4096);
        var owners = new SequenceOwner[Owners];
        for (int i = 0; i < Owners; i++)
            owners[i] = new SequenceOwner(pool);

        int refused = 0;
        var used = new ConcurrentDictionary<DatagramBuffer, bool>();
        var threads = new Thread[Producers];
        for (int p = 0; p < Producers; p++)
        {
            int producer = p;
            threads[p] = new Thread(() => Interlocked.Add(ref refused, Produce(producer, owners, buffers, used)));
            threads[p].Start();
        }
        foreach (Thread thread in threads)
            Assert.True(thread.Join(Pools.Patience));
        Assert.Equal(0, refused);

        Assert.True(Pools.WaitUntil(() => owners.Sum(o => o.Delivered) == Producers * PerProducer), $"delivered {owners.Sum(o => o.Delivered)}");
        foreach (SequenceOwner owner in owners)
        {
            Assert.Equal(0, owner.Faults);
            Assert.Equal(0, owner.Test.Overlaps);
            Assert.Equal(0, owner.Test.WrongThread);
            Assert.Equal(0, owner.Handle.DatagramsDropped);
        }
        Assert.True(Pools.WaitUntil(() => used.Keys.All(b => b.ReferenceCount == 0)), "a datagram buffer was never released");
        Assert.Equal(Owners, pool.Workers.Sum(w => w.OwnerCount));
        Assert.True(pool.Workers.All(w => w.Faults == 0));
        output.WriteLine($"{Producers * PerProducer} operations; turns per worker: {string.Join(", ", pool.Workers.Select(w => w.Turns))}; buffers created {buffers.Created}");
    }

    /// <summary>Queues this producer's share; returns how many operations were refused.</summary>
    private static int Produce(int producer, SequenceOwner[] owners, DatagramBufferPool buffers, ConcurrentDictionary<DatagramBuffer, bool> used)
    {
        int refused = 0;
        var next = new int[owners.Length];
        var random = new Random(producer);
        for (int i = 0; i < PerProducer; i++)
        {
            int target = random.Next(owners.Length);
            SequenceOwner owner = owners[target];
            int sequence = next[target]++;
            bool queued;
            switch (i % 3)
            {
                case 0:
                    queued = owner.Handle.Signal(producer, sequence);
                    break;
                case 1:
                    queued = owner.Handle.Post(new LambdaCall(_ => owner.Check(producer, sequence)));
                    break;
                default:
                    DatagramBuffer buffer = buffers.Rent();
                    used.TryAdd(buffer, true);
                    BitConverter.TryWriteBytes(buffer.Span, producer);
                    BitConverter.TryWriteBytes(buffer.Span[4..], sequence);
                    queued = owner.Handle.EnqueueDatagram(new ReceivedDatagram(buffer, 0, 8));
                    buffer.Release(); // the receive loop's own reference
                    break;
            }
            if (!queued)
                refused++;
        }
        return refused;
    }

    /// <summary>Checks that each producer's sequence numbers arrive as 0, 1, 2, ...</summary>
    private sealed class SequenceOwner
    {
        private readonly int[] _expected = new int[Producers];
        private int _delivered;
        private int _faults;

        public SequenceOwner(WorkerPool pool)
        {
            Test = new TestOwner { OnOperation = OnOperation };
            Handle = pool.Attach(Test);
            Test.Handle = Handle;
        }

        public TestOwner Test { get; }
        public WorkOwnerHandle Handle { get; }
        public int Delivered => Volatile.Read(ref _delivered);
        public int Faults => Volatile.Read(ref _faults);

        public void Check(int producer, int sequence)
        {
            if (!Handle.IsOnWorkerThread || _expected[producer] != sequence)
                Interlocked.Increment(ref _faults);
            _expected[producer] = sequence + 1;
            Interlocked.Increment(ref _delivered);
        }

        private void OnOperation(TestOwner owner, in WorkOperation operation, long now)
        {
            if (operation.Kind == WorkOperationKind.Signal)
            {
                Check(operation.Code, (int)operation.Argument);
                return;
            }
            ReadOnlySpan<byte> payload = operation.Datagram.Payload;
            Check(BitConverter.ToInt32(payload), BitConverter.ToInt32(payload[4..]));
        }
    }

    [Fact]
    public void Owners_spread_evenly_across_workers_and_stay_on_theirs()
    {
        using WorkerPool pool = Pools.Create(4);
        var attached = Enumerable.Range(0, 40).Select(i => pool.Attach($"o{i}")).ToArray();
        Assert.All(pool.Workers, w => Assert.Equal(10, w.OwnerCount));

        var threadsSeen = new int[attached.Length];
        for (int i = 0; i < attached.Length; i++)
        {
            int index = i;
            attached[i].Owner.OnOperation = (TestOwner _, in WorkOperation _, long _) => threadsSeen[index] = Environment.CurrentManagedThreadId;
            Assert.True(attached[i].Handle.Signal(0));
        }
        Assert.True(Pools.WaitUntil(() => attached.All(a => a.Owner.Operations == 1)));
        for (int i = 0; i < attached.Length; i++)
            Assert.Equal(attached[i].Handle.Worker.ManagedThreadId, threadsSeen[i]);
        Assert.Equal(4, threadsSeen.Distinct().Count());
        Assert.Equal(4, pool.Workers.Select(w => w.ManagedThreadId).Distinct().Count());
    }

    [Fact]
    public void An_explicit_worker_index_is_honoured_and_closing_frees_the_slot()
    {
        using WorkerPool pool = Pools.Create(3);
        var (_, handle) = pool.Attach("pinned", worker: 2);
        Assert.Same(pool.Workers[2], handle.Worker);
        Assert.Equal(1, pool.Workers[2].OwnerCount);
        handle.Close();
        Assert.True(Pools.WaitUntil(() => pool.Workers[2].OwnerCount == 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Attach(new TestOwner(), 3));
    }
}
