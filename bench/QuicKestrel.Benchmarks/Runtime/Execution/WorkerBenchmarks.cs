using BenchmarkDotNet.Attributes;
using QuicKestrel.Protocol.Runtime;

namespace QuicKestrel.Benchmarks.Runtime.Execution;

/// <summary>
/// The worker machinery without an engine: a counting owner on a one-worker pool.
/// <list type="bullet">
/// <item>BatchOf1024Signals: queue 1,024 signals from this thread, wait until drained
/// (per operation: enqueue + route + deliver, one flush per 16).</item>
/// <item>SignalRoundTrip: one signal, wait until delivered (cross-thread wake to a spinning or just-blocked worker).</item>
/// <item>InvokeRoundTrip: a synchronous call from this thread (queue, run, wake the caller).</item>
/// </list>
/// MemoryDiagnoser counts every thread's allocations: steady state should show none.
/// </summary>
[MemoryDiagnoser]
public class WorkerBenchmarks
{
    private const int Batch = 1024;

    private WorkerPool _pool = null!;
    private CountingOwner _owner = null!;
    private WorkOwnerHandle _handle = null!;
    private NoOpCall _call = null!;

    [GlobalSetup]
    public void Setup()
    {
        _pool = new WorkerPool(new WorkerPoolOptions { WorkerCount = 1 });
        _owner = new CountingOwner();
        _handle = _pool.Attach(_owner);
        _call = new NoOpCall();
    }

    [GlobalCleanup]
    public void Cleanup() => _pool.Dispose();

    [Benchmark(OperationsPerInvoke = Batch)]
    public void BatchOf1024Signals()
    {
        long target = _owner.Processed + Batch;
        for (int i = 0; i < Batch; i++)
            _handle.Signal(i);
        WaitFor(target);
    }

    [Benchmark]
    public void SignalRoundTrip()
    {
        long target = _owner.Processed + 1;
        _handle.Signal(0);
        WaitFor(target);
    }

    [Benchmark]
    public int InvokeRoundTrip() => (int)_handle.Invoke(_call);

    private void WaitFor(long processed)
    {
        var spinner = new SpinWait();
        while (_owner.Processed < processed)
            spinner.SpinOnce();
    }

    private sealed class CountingOwner : IWorkOwner
    {
        private long _processed;

        public long Processed => Volatile.Read(ref _processed);
        public long NextDeadline => MonotonicClock.Never;

        public void ProcessOperation(in WorkOperation operation, long now) => Volatile.Write(ref _processed, _processed + 1);

        public void OnTimer(long now)
        {
        }

        public void Flush(long now, WorkerContext context)
        {
        }
    }

    private sealed class NoOpCall : WorkCall
    {
        protected internal override void Execute(long now)
        {
        }
    }
}
