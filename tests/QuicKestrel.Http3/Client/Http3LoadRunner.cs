using System.Diagnostics;

namespace QuicKestrel.Http3;

/// <summary>The outcome of <see cref="Http3LoadRunner.RunAsync"/>.</summary>
public sealed class Http3LoadResult
{
    internal Http3LoadResult(long[] sortedLatencyTicks, long failed, long responseBytes, TimeSpan elapsed, Exception? firstError, IReadOnlyDictionary<int, long> statusCounts)
    {
        LatencyTicks = sortedLatencyTicks;
        Failed = failed;
        ResponseBytes = responseBytes;
        Elapsed = elapsed;
        FirstError = firstError;
        StatusCounts = statusCounts;
    }

    /// <summary>Requests that completed with a response (any status).</summary>
    public long Completed => LatencyTicks.Length;

    /// <summary>Requests that failed.</summary>
    public long Failed { get; }

    /// <summary>Content bytes received in all responses.</summary>
    public long ResponseBytes { get; }

    /// <summary>Wall-clock time of the run.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>Completed requests per second.</summary>
    public double RequestsPerSecond => Elapsed > TimeSpan.Zero ? Completed / Elapsed.TotalSeconds : 0;

    /// <summary>The first failure seen, for diagnostics.</summary>
    public Exception? FirstError { get; }

    /// <summary>Responses per status code.</summary>
    public IReadOnlyDictionary<int, long> StatusCounts { get; }

    /// <summary>Latency of each completed request (send to complete response) in <see cref="Stopwatch"/> ticks, ascending.</summary>
    public long[] LatencyTicks { get; }

    /// <summary>The latency at quantile <paramref name="q"/> (0–1, nearest rank), or zero without samples.</summary>
    /// <param name="q">E.g. 0.5 for the median, 0.99 for p99.</param>
    /// <returns>The latency.</returns>
    public TimeSpan Percentile(double q)
    {
        if (LatencyTicks.Length == 0)
            return TimeSpan.Zero;
        int rank = (int)Math.Ceiling(Math.Clamp(q, 0, 1) * LatencyTicks.Length) - 1;
        return Stopwatch.GetElapsedTime(0, LatencyTicks[Math.Max(rank, 0)]);
    }

    /// <summary>One line: count, failures, rate, p50/p99 latency.</summary>
    /// <returns>The summary.</returns>
    public override string ToString() =>
        $"{Completed} ok, {Failed} failed in {Elapsed.TotalSeconds:F2} s: {RequestsPerSecond:F0} req/s, " +
        $"p50 {Percentile(0.5).TotalMilliseconds:F3} ms, p99 {Percentile(0.99).TotalMilliseconds:F3} ms";
}

/// <summary>
/// Issues many requests with bounded concurrency over one or more clients (round-robin) and
/// measures each request's latency: the request/response scenario of the perf tool and the
/// Kestrel RPS measurement. C async loops, no thread per request; with
/// <see cref="Http3ResponseMode.Discarded"/> responses nothing is buffered.
/// </summary>
public static class Http3LoadRunner
{
    /// <summary>Sends <paramref name="request"/> until <paramref name="totalRequests"/> were issued or <paramref name="duration"/> elapsed.</summary>
    /// <param name="clients">Connected clients; request i goes to client i mod count.</param>
    /// <param name="request">The request to repeat (not modified meanwhile).</param>
    /// <param name="concurrency">How many requests are in flight at once (C).</param>
    /// <param name="totalRequests">How many requests to issue at most (N).</param>
    /// <param name="duration">How long to keep issuing requests at most; <see cref="TimeSpan.Zero"/> for no limit.</param>
    /// <param name="cancellationToken">Stops issuing requests.</param>
    /// <returns>The counts and latencies.</returns>
    public static async Task<Http3LoadResult> RunAsync(
        IReadOnlyList<Http3Client> clients,
        Http3Request request,
        int concurrency,
        long totalRequests,
        TimeSpan duration = default,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfZero(clients.Count);
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        var run = new LoadRun(clients, request, totalRequests, duration, cancellationToken);
        long start = Stopwatch.GetTimestamp();
        var workers = new Task<List<long>>[concurrency];
        for (int i = 0; i < concurrency; i++)
            workers[i] = Task.Run(run.WorkAsync);
        List<long>[] latencies = await Task.WhenAll(workers).ConfigureAwait(false);
        TimeSpan elapsed = Stopwatch.GetElapsedTime(start);
        long[] all = [.. latencies.SelectMany(l => l)];
        Array.Sort(all);
        return new Http3LoadResult(all, run.Failed, run.ResponseBytes, elapsed, run.FirstError, run.StatusCounts());
    }

    private sealed class LoadRun(IReadOnlyList<Http3Client> clients, Http3Request request, long totalRequests, TimeSpan duration, CancellationToken cancellationToken)
    {
        private readonly long _deadline = duration > TimeSpan.Zero ? Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency) : long.MaxValue;
        private readonly Lock _gate = new();
        private readonly Dictionary<int, long> _statuses = [];
        private long _issued;
        private long _failed;
        private long _responseBytes;
        private Exception? _firstError;

        public long Failed => Interlocked.Read(ref _failed);

        public long ResponseBytes => Interlocked.Read(ref _responseBytes);

        public Exception? FirstError => _firstError;

        public IReadOnlyDictionary<int, long> StatusCounts()
        {
            lock (_gate)
                return new Dictionary<int, long>(_statuses);
        }

        public async Task<List<long>> WorkAsync()
        {
            var latencies = new List<long>(1024);
            var statuses = new Dictionary<int, long>();
            while (!cancellationToken.IsCancellationRequested && Stopwatch.GetTimestamp() < _deadline)
            {
                long index = Interlocked.Increment(ref _issued) - 1;
                if (index >= totalRequests)
                    break;
                Http3Client client = clients[(int)(index % clients.Count)];
                long started = Stopwatch.GetTimestamp();
                try
                {
                    Http3Response response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
                    latencies.Add(Stopwatch.GetTimestamp() - started);
                    Interlocked.Add(ref _responseBytes, response.BodyLength);
                    statuses[response.Status] = statuses.GetValueOrDefault(response.Status) + 1;
                }
                catch (Exception exception) when (exception is Http3Exception or OperationCanceledException)
                {
                    Interlocked.Increment(ref _failed);
                    Interlocked.CompareExchange(ref _firstError, exception, null);
                }
            }
            lock (_gate)
            {
                foreach (KeyValuePair<int, long> pair in statuses)
                    _statuses[pair.Key] = _statuses.GetValueOrDefault(pair.Key) + pair.Value;
            }
            return latencies;
        }
    }
}
