using System.Collections.Concurrent;
using QuicKestrel.Http3;
using QuicKestrel.Interop.Tests.Infrastructure;

namespace QuicKestrel.Interop.Tests.GtlsClientToOurServer;

/// <summary>
/// gtlsclient against our minimal HTTP/3 server (Http3Server over the public API) on
/// 127.0.0.1 and a port the listener picked (port 0). The server serves /bytes/{n}: n bytes of
/// <see cref="DeterministicContent"/>.
/// </summary>
public abstract class OurServerTest : InteropTest
{
    private readonly ConcurrentQueue<Http3ServerConnectionSummary> _summaries = new();
    private int _summaryCount;

    protected Http3Server StartServer(Action<Http3ServerOptions>? configure = null)
    {
        var options = new Http3ServerOptions();
        configure?.Invoke(options);
        Http3Server server = Own(Http3Server.Start(options));
        server.ConnectionCompleted += summary =>
        {
            _summaries.Enqueue(summary);
            Interlocked.Increment(ref _summaryCount);
        };
        return server;
    }

    /// <summary>Runs gtlsclient for <paramref name="paths"/>; it must exit with 0.</summary>
    private protected async Task<GtlsClient.Run> RunGtlsClientAsync(Http3Server server, IEnumerable<string> paths, IEnumerable<string>? options = null,
        bool quiet = true, string? downloadDirectory = null)
    {
        downloadDirectory ??= CreateDirectory("download-" + Guid.NewGuid().ToString("N"));
        GtlsClient.Run run = await GtlsClient.RunAsync(server.Port, paths, downloadDirectory, options, quiet, Timeout);
        Own(run.Process);
        run.AssertSucceeded();
        return run;
    }

    /// <summary>Waits until <paramref name="count"/> connections have shut down on our server and returns what they reported, oldest first.</summary>
    protected async Task<Http3ServerConnectionSummary[]> WaitForConnectionsAsync(int count)
    {
        DateTime deadline = DateTime.UtcNow + Timeout;
        while (Volatile.Read(ref _summaryCount) < count && DateTime.UtcNow < deadline)
            await Task.Delay(10);
        Http3ServerConnectionSummary[] summaries = [.. _summaries];
        Assert.True(summaries.Length >= count, $"Only {summaries.Length} of {count} connections shut down on our server within {Timeout.TotalSeconds:0} s.");
        return summaries;
    }

    private protected static void AssertDownloaded(GtlsClient.Run run, string name, int length) =>
        AssertBitExact(run.Downloaded(name), length, $"gtlsclient's download of /bytes/{name}\n{run.Describe()}");
}
