using QuicKestrel.Protocol.Runtime;
using QuicKestrel.Protocol.Runtime.Datapath;
using Xunit.Abstractions;

namespace QuicKestrel.Protocol.Tests.Runtime.Execution;

/// <summary>
/// Steady state allocates nothing: a producer queues signals, datagrams, posted and
/// synchronous calls and flush requests while a worker drains them, flushes, re-arms timers
/// and sleeps between bursts; both threads' allocation counters are read after a warm-up.
/// </summary>
public class WorkerAllocationTests(ITestOutputHelper output)
{
    private const int Warmup = 4_000;
    private const int Total = 40_000;
    private const int Window = 32; // well inside the inbox's initial 64 entries (flush requests ride along uncounted)

    /// <summary>Counts processed operations and samples the worker thread's allocation counter.</summary>
    private sealed class ProbeOwner : IWorkOwner
    {
        private long _processed;
        private long _allocatedAtWarmup;

        public long Processed => Volatile.Read(ref _processed);
        public long WorkerAllocated { get; private set; } = -1;
        public long Deadline = MonotonicClock.Never;

        public long NextDeadline => Deadline;

        public void ProcessOperation(in WorkOperation operation, long now) => Count(now);

        public void Count(long now)
        {
            long processed = _processed + 1;
            if (processed == Warmup)
                _allocatedAtWarmup = GC.GetAllocatedBytesForCurrentThread();
            if (processed == Total)
                WorkerAllocated = GC.GetAllocatedBytesForCurrentThread() - _allocatedAtWarmup;
            Deadline = now + 1_000_000; // every turn moves the timer
            Volatile.Write(ref _processed, processed);
        }

        public void OnTimer(long now) => Deadline = MonotonicClock.Never;

        public void Flush(long now, WorkerContext context) => context.SendBuffer[0] = (byte)now;
    }

    /// <summary>A second owner on a 1 ms periodic timer, so timer firing runs in the measured window.</summary>
    private sealed class TickOwner : IWorkOwner
    {
        public long Ticks;
        public long NextDeadline { get; private set; } = MonotonicClock.NowMicros + 1_000;

        public void ProcessOperation(in WorkOperation operation, long now)
        {
        }

        public void OnTimer(long now)
        {
            Ticks++;
            NextDeadline = now + 1_000;
        }

        public void Flush(long now, WorkerContext context)
        {
        }
    }

    private sealed class CountingCall(ProbeOwner owner) : WorkCall
    {
        protected internal override void Execute(long now) => owner.Count(now);
    }

    [Fact]
    public void Steady_state_enqueue_and_drain_allocate_nothing()
    {
        using WorkerPool pool = Pools.Create(1);
        var probe = new ProbeOwner();
        WorkOwnerHandle handle = pool.Attach(probe);
        var ticker = new TickOwner();
        pool.Attach(ticker).RequestFlush(); // arms its first timer
        var call = new CountingCall(probe);
        var buffers = new DatagramBufferPool(1500, 1024);

        long producerBefore = 0;
        long sent = 0;
        int refused = 0;
        for (int i = 0; i < Total; i++)
        {
            if (i == Warmup)
                producerBefore = GC.GetAllocatedBytesForCurrentThread();
            // Bounded in flight, and now and then wait for the worker to go idle so it sleeps and is woken.
            SpinUntil(probe, sent - (i % 512 == 0 ? 0 : Window));
            sent++;
            switch (i % 5)
            {
                case 0:
                    refused += handle.Signal(i, i) ? 0 : 1;
                    break;
                case 1:
                    DatagramBuffer buffer = buffers.Rent();
                    refused += handle.EnqueueDatagram(new ReceivedDatagram(buffer, 0, 100)) ? 0 : 1;
                    buffer.Release();
                    break;
                case 2:
                    refused += handle.Post(call) ? 0 : 1;
                    break;
                case 3:
                    refused += handle.Invoke(call) == WorkCallStatus.Completed ? 0 : 1;
                    break;
                default:
                    handle.RequestFlush(); // not counted by the probe: pair it with a signal
                    refused += handle.Signal(i) ? 0 : 1;
                    break;
            }
        }
        long producerBytes = GC.GetAllocatedBytesForCurrentThread() - producerBefore;
        SpinUntil(probe, Total);

        Assert.Equal(0, refused);
        Assert.True(Pools.WaitUntil(() => probe.WorkerAllocated >= 0));
        double operations = Total - Warmup;
        output.WriteLine($"producer {producerBytes} B ({producerBytes / operations:F4} B/op), worker {probe.WorkerAllocated} B ({probe.WorkerAllocated / operations:F4} B/op); " +
                         $"worker slept {pool.Workers[0].Sleeps} times, {pool.Workers[0].Turns} turns, {ticker.Ticks} timer ticks");
        Assert.True(producerBytes / operations < 0.05, $"producer allocated {producerBytes} bytes");
        Assert.True(probe.WorkerAllocated / operations < 0.05, $"worker allocated {probe.WorkerAllocated} bytes");
        Assert.True(pool.Workers[0].Sleeps > 10, "the measurement never exercised sleeping and waking");
        Assert.True(ticker.Ticks > 0, "the measurement never fired a timer");
    }

    private static void SpinUntil(ProbeOwner probe, long processed)
    {
        var spinner = new SpinWait();
        long deadline = MonotonicClock.NowMicros + 30_000_000;
        while (probe.Processed < processed && MonotonicClock.NowMicros < deadline)
            spinner.SpinOnce();
    }
}
