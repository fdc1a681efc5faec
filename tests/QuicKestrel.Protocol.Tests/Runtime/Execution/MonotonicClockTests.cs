using System.Diagnostics;
using FsCheck;
using FsCheck.Fluent;
using QuicKestrel.Protocol.Runtime;

namespace QuicKestrel.Protocol.Tests.Runtime.Execution;

public class MonotonicClockTests
{
    [Fact]
    public void Never_goes_backwards_on_any_thread()
    {
        int backwards = 0;
        var threads = new Thread[4];
        for (int t = 0; t < threads.Length; t++)
        {
            threads[t] = new Thread(() =>
            {
                long previous = MonotonicClock.NowMicros;
                for (int i = 0; i < 200_000; i++)
                {
                    long now = MonotonicClock.NowMicros;
                    if (now < previous)
                        Interlocked.Increment(ref backwards);
                    previous = now;
                }
            });
            threads[t].Start();
        }
        foreach (Thread thread in threads)
            Assert.True(thread.Join(TimeSpan.FromSeconds(30)));
        Assert.Equal(0, backwards);
    }

    [Fact]
    public void Counts_microseconds_of_real_time()
    {
        long startMicros = MonotonicClock.NowMicros;
        long startTicks = Stopwatch.GetTimestamp();
        Thread.Sleep(100);
        long elapsedMicros = MonotonicClock.NowMicros - startMicros;
        double stopwatchMicros = Stopwatch.GetElapsedTime(startTicks).TotalMicroseconds;

        Assert.InRange(elapsedMicros, 99_000, 30_000_000);
        // Same source, read microseconds apart: they agree to well under a millisecond.
        Assert.InRange(elapsedMicros - stopwatchMicros, -1_000, 1_000);
    }

    [Fact]
    public void Timestamp_conversion_matches_exact_arithmetic_for_any_frequency()
    {
        Gen<(long Ticks, long Frequency)> cases =
            from ticks in Gen.Choose(0, int.MaxValue).Two()
            from frequency in Gen.Elements(1_000L, 1_000_000L, 3_579_545L, 10_000_000L, 1_000_000_000L, 2_400_000_123L)
            select (((long)ticks.Item1 << 31) | (long)ticks.Item2, frequency);

        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            Int128 exact = (Int128)c.Ticks * 1_000_000 / c.Frequency;
            return MonotonicClock.ToMicros(c.Ticks, c.Frequency) == (long)exact;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Stopwatch_timestamps_convert_onto_the_same_scale()
    {
        long before = MonotonicClock.NowMicros;
        long converted = MonotonicClock.FromTimestamp(Stopwatch.GetTimestamp());
        long after = MonotonicClock.NowMicros;
        Assert.InRange(converted, before, after);
    }
}
