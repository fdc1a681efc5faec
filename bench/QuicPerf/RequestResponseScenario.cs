using System.Diagnostics;

namespace QuicKestrel.Perf;

/// <summary>
/// rr: C connections, each keeping one request (512 B up, 4000 B down by default) outstanding on
/// a fresh stream, the next started from the previous one's completion on the worker, until the
/// duration or the count cap; reports requests/s and p50/p99 latency.
/// </summary>
internal static class RequestResponseScenario
{
    public static string Run(PerfSession client, ScenarioOptions options)
    {
        var connections = new List<ClientConnection>();
        try
        {
            for (int i = 0; i < options.Connections; i++)
            {
                var connection = new ClientConnection(client);
                connections.Add(connection);
                if (!connection.Connect(options.Target, options.Port, options.TimeoutMs, out var failure))
                    return new ResultLine("rr").Add("error", "connect-" + failure).ToString();
            }
            return Measure(client, options, connections);
        }
        finally
        {
            foreach (ClientConnection connection in connections)
                connection.Dispose();
        }
    }

    private static string Measure(PerfSession client, ScenarioOptions options, List<ClientConnection> connections)
    {
        int perConnection = Math.Max(1, options.MaxRequests / options.Connections);
        var loops = new RequestLoop[connections.Count];
        using var finished = new CountdownEvent(loops.Length);
        long start = Stopwatch.GetTimestamp();
        long deadline = start + (long)(options.DurationSeconds * Stopwatch.Frequency);
        for (int i = 0; i < loops.Length; i++)
            loops[i] = new RequestLoop(client, connections[i], options, perConnection, deadline, finished);
        foreach (RequestLoop loop in loops)
            loop.Begin();
        bool allEnded = finished.Wait(options.TimeoutMs + (int)(options.DurationSeconds * 1000));
        double seconds = (double)(Stopwatch.GetTimestamp() - start) / Stopwatch.Frequency;
        long requests = 0;
        long failures = 0;
        var recorders = new LatencyRecorder[loops.Length];
        for (int i = 0; i < loops.Length; i++)
        {
            requests += loops[i].Latencies.Count;
            failures += loops[i].Failures;
            recorders[i] = loops[i].Latencies;
        }
        double[] p = LatencyRecorder.PercentilesUs(recorders, 50, 99);
        var line = new ResultLine("rr")
            .Add("requests", requests)
            .Add("seconds", seconds, 3)
            .Add("rps", requests / seconds, 1)
            .Add("p50us", p[0], 0)
            .Add("p99us", p[1], 0)
            .Add("connections", options.Connections)
            .Add("failures", failures);
        return allEnded ? line.ToString() : line.Add("error", "timeout").ToString();
    }
}
