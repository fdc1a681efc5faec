using System.Diagnostics;

namespace QuicKestrel.Transport.Tests.Infrastructure;

/// <summary>ngtcp2's HTTP/3 client (Debian package ngtcp2-client), run against a local server.</summary>
internal static class GtlsClient
{
    public const string Path = "/usr/bin/gtlsclient";

    /// <summary>The run's exit code, output and the files it saved (read into memory; the directory is deleted).</summary>
    public sealed record Result(int ExitCode, string Output, string Error, IReadOnlyDictionary<string, byte[]> Files)
    {
        public byte[] Downloaded(string name) =>
            Files.TryGetValue(name, out byte[]? bytes) ? bytes : throw new FileNotFoundException($"gtlsclient saved no '{name}'. {Error}");
    }

    /// <summary>Requests <paramref name="paths"/> from https://127.0.0.1:<paramref name="port"/>; responses are saved in a fresh directory.</summary>
    public static async Task<Result> RunAsync(int port, IEnumerable<string> paths, string[]? options = null, TimeSpan? timeout = null)
    {
        string directory = Directory.CreateTempSubdirectory("gtlsclient-").FullName;
        var start = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string option in options ?? [])
            start.ArgumentList.Add(option);
        start.ArgumentList.Add("--exit-on-all-streams-close");
        start.ArgumentList.Add("--no-quic-dump");
        start.ArgumentList.Add("--no-http-dump");
        start.ArgumentList.Add("--timeout=15s");
        start.ArgumentList.Add($"--download={directory}");
        start.ArgumentList.Add("127.0.0.1");
        start.ArgumentList.Add(port.ToString());
        foreach (string path in paths)
            start.ArgumentList.Add($"https://127.0.0.1:{port}{path}");
        try
        {
            return await RunInAsync(start, directory, timeout);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<Result> RunInAsync(ProcessStartInfo start, string directory, TimeSpan? timeout)
    {
        using var process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"gtlsclient did not finish: {await error}");
        }
        var files = new Dictionary<string, byte[]>();
        foreach (string file in Directory.EnumerateFiles(directory))
            files[System.IO.Path.GetFileName(file)] = await File.ReadAllBytesAsync(file);
        return new Result(process.ExitCode, await output, await error, files);
    }
}
