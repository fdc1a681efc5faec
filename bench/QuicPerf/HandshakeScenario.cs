using System.Diagnostics;

namespace QuicKestrel.Perf;

/// <summary>handshakes: C threads, each connecting and closing one connection after another, until the duration or the count cap; reports handshakes/s.</summary>
internal static class HandshakeScenario
{
    public static string Run(PerfSession client, ScenarioOptions options)
    {
        long deadline = Stopwatch.GetTimestamp() + (long)(options.DurationSeconds * Stopwatch.Frequency);
        int completed = 0;
        int failures = 0;
        long start = Stopwatch.GetTimestamp();
        var threads = new Thread[options.Connections];
        for (int i = 0; i < threads.Length; i++)
        {
            threads[i] = new Thread(() => Loop(client, options, deadline, ref completed, ref failures)) { IsBackground = true, Name = "quicperf handshakes" };
            threads[i].Start();
        }
        foreach (Thread thread in threads)
            thread.Join();
        double seconds = (double)(Stopwatch.GetTimestamp() - start) / Stopwatch.Frequency;
        return new ResultLine("handshakes")
            .Add("count", completed)
            .Add("seconds", seconds, 3)
            .Add("rate", completed / seconds, 1)
            .Add("connections", options.Connections)
            .Add("failures", failures)
            .ToString();
    }

    private static void Loop(PerfSession client, ScenarioOptions options, long deadline, ref int completed, ref int failures)
    {
        using var connection = new ClientConnection(client);
        while (Stopwatch.GetTimestamp() < deadline && Volatile.Read(ref completed) < options.MaxHandshakes)
        {
            bool ok = connection.Connect(options.Target, options.Port, options.TimeoutMs, out _);
            connection.Close();
            if (ok)
                Interlocked.Increment(ref completed);
            else if (Interlocked.Increment(ref failures) > 100)
                return;
        }
    }
}
