using System.Diagnostics;
using System.Globalization;
using QuicKestrel.Http3;

namespace QuicKestrel.H3Load;

/// <summary>
/// GETs on one connection, each body streamed and counted: bytes, seconds from request to last
/// byte, Gbit/s. With -w W, W untimed downloads come first (the timed ones then run JIT-compiled
/// code, not first-call tier-0 code); with -n N, N timed ones follow and the line gives their
/// median and fastest. A /bytes/{n} body is also checked against the deterministic pattern
/// (filling the comparison chunk costs a few ms per 10 MB, small beside the transfer).
/// </summary>
internal static class DownloadCommand
{
    private const int ChunkSize = 256 * 1024;

    private sealed record Download(int Status, long Bytes, long FirstMismatch, bool LengthMatches, TimeSpan Elapsed)
    {
        public bool Succeeded => Status == 200 && LengthMatches && FirstMismatch < 0;
    }

    public static async Task<int> RunAsync(Arguments arguments, CancellationToken cancellationToken)
    {
        long connectStart = Stopwatch.GetTimestamp();
        await using Http3Client client = await Http3Client.ConnectAsync(arguments.ClientOptions(), cancellationToken);
        TimeSpan connect = Stopwatch.GetElapsedTime(connectStart);

        bool verify = IsPatternPath(arguments.PathAndQuery);
        var buffer = new byte[ChunkSize];
        var expected = new byte[ChunkSize];
        for (long i = 0; i < arguments.WarmupRequests; i++)
            await DownloadAsync(client, arguments.PathAndQuery, verify, buffer, expected, cancellationToken);
        var timed = new List<Download>();
        for (long i = 0; i < arguments.Requests; i++)
            timed.Add(await DownloadAsync(client, arguments.PathAndQuery, verify, buffer, expected, cancellationToken));

        TimeSpan[] times = [.. timed.Select(d => d.Elapsed).Order()];
        TimeSpan median = times[times.Length / 2];
        Download last = timed[^1];
        Download? failed = timed.FirstOrDefault(d => !d.Succeeded);
        string verified = !verify ? "n/a" : failed is { FirstMismatch: >= 0 } bad ? $"false(first-mismatch={bad.FirstMismatch})" : "true";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"h3 download bytes={last.Bytes} seconds={median.TotalSeconds:F3} gbit_s={last.Bytes * 8 / median.TotalSeconds / 1e9:F3} " +
            $"timed={times.Length} min_seconds={times[0].TotalSeconds:F3} status={failed?.Status ?? last.Status} verified={verified} " +
            $"connect_ms={connect.TotalMilliseconds:F1}"));
        return failed is null ? 0 : 1;
    }

    private static async Task<Download> DownloadAsync(
        Http3Client client, string pathAndQuery, bool verify, byte[] buffer, byte[] expected, CancellationToken cancellationToken)
    {
        long start = Stopwatch.GetTimestamp();
        Http3Response response = await client.SendAsync(
            new Http3Request("GET", pathAndQuery) { ResponseMode = Http3ResponseMode.Streamed }, cancellationToken);
        long total = 0;
        long firstMismatch = -1;
        Stream body = response.BodyStream!;
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (verify && firstMismatch < 0)
            {
                DeterministicContent.Fill(total, expected.AsSpan(0, read));
                int at = buffer.AsSpan(0, read).CommonPrefixLength(expected.AsSpan(0, read));
                if (at < read)
                    firstMismatch = total + at;
            }
            total += read;
        }
        TimeSpan elapsed = Stopwatch.GetElapsedTime(start);
        bool lengthMatches = response.GetHeader("content-length") is not { } length || length == total.ToString(CultureInfo.InvariantCulture);
        return new Download(response.Status, total, firstMismatch, lengthMatches, elapsed);
    }

    private static bool IsPatternPath(string pathAndQuery) =>
        pathAndQuery.StartsWith("/bytes/", StringComparison.Ordinal) && long.TryParse(pathAndQuery.AsSpan("/bytes/".Length), CultureInfo.InvariantCulture, out _);
}
