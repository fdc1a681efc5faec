namespace QuicKestrel.Interop.Tests.Infrastructure;

/// <summary>
/// Runs ngtcp2's HTTP/3 client against https://127.0.0.1:port: it requests every path (its -n
/// option wraps the list), saves each response under the path's last segment in
/// <see cref="Run.DownloadDirectory"/>, and exits when all its streams have closed.
/// </summary>
internal static class GtlsClient
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>One finished run: the process (for its log and exit code) and where it saved the responses.</summary>
    public sealed class Run(PeerProcess process, string downloadDirectory)
    {
        public PeerProcess Process { get; } = process;

        public string DownloadDirectory { get; } = downloadDirectory;

        public string Log => Process.Log;

        public string Describe() => Process.Describe();

        public void AssertSucceeded() =>
            Assert.True(Process.ExitCode == 0, $"gtlsclient failed.\n{Describe()}");

        public byte[] Downloaded(string name)
        {
            string path = Path.Combine(DownloadDirectory, name);
            Assert.True(File.Exists(path), $"gtlsclient saved no {name} in {DownloadDirectory}.\n{Describe()}");
            return File.ReadAllBytes(path);
        }
    }

    /// <param name="port">Our server's UDP port on 127.0.0.1.</param>
    /// <param name="paths">Request paths, e.g. "/bytes/1000".</param>
    /// <param name="downloadDirectory">An existing directory for the responses.</param>
    /// <param name="options">gtlsclient options (e.g. "--ciphers=…", "-n", "50").</param>
    /// <param name="quiet">With -q gtlsclient logs nothing; without it, it prints the negotiated cipher suite,
    /// key updates and 0-RTT rejection (the QUIC frame and HTTP body dumps stay off).</param>
    /// <param name="timeout">How long it may run before it is killed and the test fails.</param>
    public static async Task<Run> RunAsync(int port, IEnumerable<string> paths, string downloadDirectory, IEnumerable<string>? options = null,
        bool quiet = true, TimeSpan? timeout = null)
    {
        var arguments = new List<string>();
        if (quiet)
            arguments.Add("-q");
        string[] extra = [.. options ?? []];
        arguments.AddRange(["--no-quic-dump", "--no-http-dump", "--exit-on-all-streams-close", $"--download={downloadDirectory}"]);
        if (!extra.Any(o => o.StartsWith("--timeout=", StringComparison.Ordinal)))
            arguments.Add("--timeout=10s"); // the idle timeout
        arguments.AddRange(extra);
        arguments.Add("127.0.0.1");
        arguments.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (string path in paths)
            arguments.Add($"https://127.0.0.1:{port}{path}");
        var process = PeerProcess.Start(NgTcp2Peers.Client, arguments);
        try
        {
            await process.WaitForExitAsync(timeout ?? DefaultTimeout);
        }
        catch
        {
            process.Dispose();
            throw;
        }
        return new Run(process, downloadDirectory);
    }
}
