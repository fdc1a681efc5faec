using System.Diagnostics;

namespace QuicKestrel.Perf;

/// <summary>
/// handshakes: C threads, each starting one connection after another and counting it once
/// CONNECTED arrives (the close runs in the background, bounded by <see cref="MaxOpen"/> open
/// connections), until the duration or the count cap; reports handshakes/s.
/// </summary>
internal static class HandshakeScenario
{
    private const int MaxOpen = 256;

    public static string Run(PerfSession client, ScenarioOptions options)
    {
        using var slots = new ClosingSlots(MaxOpen);
        var counters = new Counters();
        long start = Stopwatch.GetTimestamp();
        long deadline = start + (long)(options.DurationSeconds * Stopwatch.Frequency);
        var threads = new Thread[options.Connections];
        for (int i = 0; i < threads.Length; i++)
        {
            threads[i] = new Thread(() => Loop(client, options, deadline, slots, counters)) { IsBackground = true, Name = "quicperf handshakes" };
            threads[i].Start();
        }
        foreach (Thread thread in threads)
            thread.Join();
        double seconds = (double)(Stopwatch.GetTimestamp() - start) / Stopwatch.Frequency;
        bool closed = slots.WaitAllReleased(options.TimeoutMs);
        var line = new ResultLine("handshakes")
            .Add("count", counters.Completed)
            .Add("seconds", seconds, 3)
            .Add("rate", counters.Completed / seconds, 1)
            .Add("connections", options.Connections)
            .Add("failures", counters.Failures);
        return closed ? line.ToString() : line.Add("error", "close-timeout").ToString();
    }

    private static void Loop(PerfSession client, ScenarioOptions options, long deadline, ClosingSlots slots, Counters counters)
    {
        while (Stopwatch.GetTimestamp() < deadline && Volatile.Read(ref counters.Completed) < options.MaxHandshakes
            && Volatile.Read(ref counters.Failures) < 100)
        {
            if (!slots.TryTake(options.TimeoutMs))
                return;
            var probe = new HandshakeProbe(client.Api, slots);
            if (probe.Run(client, options.Target, options.Port, options.TimeoutMs))
                Interlocked.Increment(ref counters.Completed);
            else
                Interlocked.Increment(ref counters.Failures);
        }
    }

    private sealed class Counters
    {
        public int Completed;
        public int Failures;
    }
}
