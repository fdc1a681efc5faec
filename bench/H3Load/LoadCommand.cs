using System.Diagnostics;
using System.Globalization;
using QuicKestrel.Http3;

namespace QuicKestrel.H3Load;

/// <summary>
/// Requests/s: C connections on one shared endpoint, M requests in flight per connection,
/// N GET requests in all (bodies counted, not kept), like <c>h2load -n N -c C -m M</c>.
/// </summary>
internal static class LoadCommand
{
    public static async Task<int> RunAsync(Arguments arguments, CancellationToken cancellationToken)
    {
        Http3ClientOptions options = arguments.ClientOptions();
        using Http3ClientEndpoint endpoint = Http3ClientEndpoint.Open(options);
        var connecting = new List<Task<Http3Client>>(arguments.Connections);
        try
        {
            long connectStart = Stopwatch.GetTimestamp();
            for (int i = 0; i < arguments.Connections; i++)
                connecting.Add(Http3Client.ConnectAsync(endpoint, options, cancellationToken));
            Http3Client[] clients = await Task.WhenAll(connecting);
            TimeSpan connect = Stopwatch.GetElapsedTime(connectStart);

            var request = new Http3Request("GET", arguments.PathAndQuery) { ResponseMode = Http3ResponseMode.Discarded };
            int concurrency = checked(arguments.Connections * arguments.StreamsPerConnection);
            if (arguments.WarmupRequests > 0)
            {
                Http3LoadResult warmup = await Http3LoadRunner.RunAsync(clients, request, concurrency, arguments.WarmupRequests, cancellationToken: cancellationToken);
                if (warmup.Failed > 0)
                    Console.Error.WriteLine($"warm-up: {warmup.Failed} requests failed; first error: {warmup.FirstError?.Message}");
            }
            Http3LoadResult result = await Http3LoadRunner.RunAsync(clients, request, concurrency, arguments.Requests, cancellationToken: cancellationToken);
            Console.WriteLine(Format(arguments, result, connect));
            if (result.FirstError is not null)
                Console.Error.WriteLine($"first error: {result.FirstError.Message}");
            bool allOk = result.Failed == 0 && result.Completed == arguments.Requests && result.StatusCounts.Keys.All(status => status is >= 200 and < 300);
            return allOk ? 0 : 1;
        }
        finally
        {
            foreach (Task<Http3Client> task in connecting)
            {
                if (task.IsCompletedSuccessfully)
                    await task.Result.DisposeAsync();
            }
        }
    }

    private static string Format(Arguments arguments, Http3LoadResult result, TimeSpan connect) => string.Create(CultureInfo.InvariantCulture,
        $"h3 requests={result.Completed} failed={result.Failed} connections={arguments.Connections} streams={arguments.StreamsPerConnection} " +
        $"seconds={result.Elapsed.TotalSeconds:F3} rps={result.RequestsPerSecond:F0} " +
        $"p50_us={result.Percentile(0.5).TotalMicroseconds:F0} p99_us={result.Percentile(0.99).TotalMicroseconds:F0} " +
        $"connect_ms={connect.TotalMilliseconds:F1} status={string.Join(',', result.StatusCounts.Select(p => $"{p.Key}:{p.Value}"))}");
}
