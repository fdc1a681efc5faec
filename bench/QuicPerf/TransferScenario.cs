using System.Diagnostics;

namespace QuicKestrel.Perf;

/// <summary>download / upload: one connection, one stream moving N bytes; reports Gbit/s from the request's start to the server's FIN.</summary>
internal static class TransferScenario
{
    public static string Run(PerfSession client, ScenarioOptions options, bool download)
    {
        string name = download ? "download" : "upload";
        using var connection = new ClientConnection(client);
        if (!connection.Connect(options.Target, options.Port, options.TimeoutMs, out var failure))
            return new ResultLine(name).Add("error", "connect-" + failure).ToString();
        using var done = new ManualResetEventSlim();
        var request = new ClientRequest(client.Api, connection.Handle!) { Completed = _ => done.Set() };
        bool started = request.Start(download ? options.Bytes : 0, download ? 0 : options.Bytes);
        bool finished = started && done.Wait(options.TimeoutMs);
        if (options.PrintStats)
            Console.Error.WriteLine(ConnectionStats.Describe(client.Api, connection.Handle!));
        connection.Close();
        if (!finished || !request.Succeeded)
            return new ResultLine(name).Add("error", finished ? "incomplete" : "timeout").Add("received", request.ReceivedBytes).ToString();
        double seconds = (double)(request.FinishTimestamp - request.StartTimestamp) / Stopwatch.Frequency;
        return new ResultLine(name)
            .Add("bytes", options.Bytes)
            .Add("seconds", seconds, 3)
            .Add("gbps", options.Bytes * 8 / seconds / 1e9, 3)
            .ToString();
    }
}
