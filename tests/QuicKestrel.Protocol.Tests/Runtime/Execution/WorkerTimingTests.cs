using System.Diagnostics;
using QuicKestrel.Protocol.Runtime;
using Xunit.Abstractions;

namespace QuicKestrel.Protocol.Tests.Runtime.Execution;

[CollectionDefinition(nameof(WorkerTimingTests), DisableParallelization = true)]
public class WorkerTimingCollection;

/// <summary>
/// How the wait primitive behaves in real time: idle cost, wake-up latency, timer lateness.
/// Run alone (no parallel tests); numbers are reported, and only never-early and generous
/// CPU bounds are asserted, so a loaded machine cannot make them flaky.
/// </summary>
[Collection(nameof(WorkerTimingTests))]
public class WorkerTimingTests(ITestOutputHelper output)
{
    [Fact]
    public void Idle_workers_neither_burn_cpu_nor_wake_up()
    {
        using WorkerPool pool = Pools.Create(Math.Max(2, Environment.ProcessorCount));
        for (int i = 0; i < 100; i++)
        {
            var (owner, handle) = pool.Attach($"idle{i}");
            Assert.Equal(WorkCallStatus.Completed, handle.Invoke(new LambdaCall(now => owner.Deadline = now + 600_000_000)));
        }
        Thread.Sleep(200); // settle: every worker blocks with a 10-minute timeout

        using Process process = Process.GetCurrentProcess();
        long sleepsBefore = pool.Workers.Sum(w => w.Sleeps);
        process.Refresh();
        TimeSpan cpuBefore = process.TotalProcessorTime;
        Thread.Sleep(1000);
        process.Refresh();
        TimeSpan cpu = process.TotalProcessorTime - cpuBefore;
        long wakeups = pool.Workers.Sum(w => w.Sleeps) - sleepsBefore;

        output.WriteLine($"{pool.Workers.Count} idle workers, 100 armed owners: process CPU {cpu.TotalMilliseconds:F1} ms over 1 s, {wakeups} wake-ups");
        Assert.True(wakeups <= 2, $"idle workers woke {wakeups} times");
        // One spinning worker alone would cost ~1000 ms; the whole process gets a generous 300.
        Assert.True(cpu < TimeSpan.FromMilliseconds(300), $"idle process used {cpu.TotalMilliseconds} ms of CPU");
    }

    [Theory]
    [InlineData(WorkerPoolOptions.DefaultWaitSpinCount)]
    [InlineData(0)]
    public void Cross_thread_wake_latency_is_reported(int spinCount)
    {
        using WorkerPool pool = Pools.Create(1, configure: o => o with { WaitSpinCount = spinCount });
        var samples = new List<double>();
        var arrived = new ManualResetEventSlim();
        var (owner, handle) = pool.Attach("latency");
        owner.OnOperation = (TestOwner _, in WorkOperation op, long now) =>
        {
            samples.Add(now - op.Argument);
            arrived.Set();
        };

        var asleep = Measure(handle, arrived, samples, pauseMilliseconds: 2, count: 300);
        var hot = Measure(handle, arrived, samples, pauseMilliseconds: 0, count: 2000);
        output.WriteLine($"spin {spinCount}: worker asleep (2 ms pauses): {asleep}");
        output.WriteLine($"spin {spinCount}: back to back:               {hot}");
    }

    private static string Measure(WorkOwnerHandle handle, ManualResetEventSlim arrived, List<double> samples, int pauseMilliseconds, int count)
    {
        samples.Clear();
        for (int i = 0; i < count; i++)
        {
            if (pauseMilliseconds > 0)
                Thread.Sleep(pauseMilliseconds);
            arrived.Reset();
            Assert.True(handle.Signal(0, MonotonicClock.NowMicros));
            Assert.True(arrived.Wait(Pools.Patience));
        }
        Assert.Equal(count, samples.Count);
        return Summary(samples);
    }

    [Fact]
    public void Timer_lateness_at_short_timeouts_is_reported_and_never_early()
    {
        using WorkerPool pool = Pools.Create(1);
        foreach (long delay in new long[] { 100, 500, 1_000, 2_000, 5_000 })
        {
            var lateness = new List<double>();
            var done = new ManualResetEventSlim();
            const int count = 40;
            var (owner, handle) = pool.Attach($"timer{delay}");
            owner.OnTimerFired = (o, now) =>
            {
                lateness.Add(now - o.Deadline);
                o.Deadline = lateness.Count < count ? now + delay : MonotonicClock.Never;
                if (lateness.Count == count)
                    done.Set();
            };
            Assert.Equal(WorkCallStatus.Completed, handle.Invoke(new LambdaCall(now => owner.Deadline = now + delay)));
            Assert.True(done.Wait(Pools.Patience));
            output.WriteLine($"timer at +{delay,5} us, lateness: {Summary(lateness)}");
            Assert.True(lateness.Min() >= 0, "a timer fired before its deadline");
            handle.Close();
        }
    }

    private static string Summary(List<double> micros)
    {
        var sorted = micros.Order().ToList();
        return $"p50 {Pools.Percentile(sorted, 0.50),7:F0} us, p99 {Pools.Percentile(sorted, 0.99),7:F0} us, max {sorted[^1],7:F0} us (n={sorted.Count})";
    }
}
