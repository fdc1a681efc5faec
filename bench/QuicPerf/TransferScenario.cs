using System.Diagnostics;

namespace QuicKestrel.Perf;

/// <summary>
/// download / upload: one connection, one stream moving N bytes; reports Gbit/s from the
/// request's start to the server's FIN. A warm-up request (at most N bytes) on the same connection goes
/// first (unmeasured), so JIT tiering and window growth are not charged to the measured one.
/// </summary>
internal static class TransferScenario
{
    public static string Run(PerfSession client, ScenarioOptions options, bool download)
    {
        string name = download ? "download" : "upload";
        using var connection = new ClientConnection(client);
        if (!connection.Connect(options.Target, options.Port, options.TimeoutMs, out var failure))
            return new ResultLine(name).Add("error", "connect-" + failure).ToString();
        using var done = new AutoResetEvent(false);
        var request = new ClientRequest(client.Api, connection.Handle!) { Completed = _ => done.Set() };
        ulong warmup = Math.Min(options.WarmupBytes, options.Bytes);
        bool ok = warmup == 0 || Transfer(request, done, download, warmup, options.TimeoutMs);
        ok = ok && Transfer(request, done, download, options.Bytes, options.TimeoutMs);
        if (options.PrintStats)
            Console.Error.WriteLine(ConnectionStats.Describe(client.Api, connection.Handle!));
        connection.Close();
        if (!ok)
            return new ResultLine(name).Add("error", "incomplete").Add("received", request.ReceivedBytes).ToString();
        double seconds = (double)(request.FinishTimestamp - request.StartTimestamp) / Stopwatch.Frequency;
        return new ResultLine(name)
            .Add("bytes", options.Bytes)
            .Add("seconds", seconds, 3)
            .Add("gbps", options.Bytes * 8 / seconds / 1e9, 3)
            .ToString();
    }

    private static bool Transfer(ClientRequest request, AutoResetEvent done, bool download, ulong bytes, int timeoutMs) =>
        request.Start(download ? bytes : 0, download ? 0 : bytes) && done.WaitOne(timeoutMs) && request.Succeeded;
}
