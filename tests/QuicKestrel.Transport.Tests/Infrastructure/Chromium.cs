using System.Diagnostics;
using System.Text;

namespace QuicKestrel.Transport.Tests.Infrastructure;

/// <summary>
/// Headless Chromium (Debian package chromium) forced onto QUIC for one loopback origin, with
/// the flags of /work/shared/PEERS.md. Each run gets a fresh profile and is killed, with its
/// whole process tree, when it outlives its timeout.
/// </summary>
internal static class Chromium
{
    /// <summary>Chromium starts slowly on a busy 2-core machine.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    private const string InstallHint = "Chromium is not installed: ./test.sh installs it (Debian package chromium), or run `apt-get install -y chromium`.";

    public sealed record Result(int ExitCode, string Output, string Error)
    {
        /// <summary>Standard error without the D-Bus complaints every headless run prints.</summary>
        public string Diagnostics => string.Join('\n', Error.Split('\n').Where(line => !line.Contains("dbus", StringComparison.Ordinal)));
    }

    /// <summary>The chromium executable: on PATH, else /usr/bin/chromium; fails the test with an install hint when missing.</summary>
    public static string Locate()
    {
        IEnumerable<string> directories = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        foreach (string candidate in directories.Select(d => Path.Combine(d, "chromium")).Append("/usr/bin/chromium"))
        {
            if (File.Exists(candidate))
                return candidate;
        }
        Assert.Fail(InstallHint);
        return "";
    }

    /// <summary>Loads https://127.0.0.1:<paramref name="port"/><paramref name="path"/> over HTTP/3 and prints the DOM (stdout).</summary>
    public static Task<Result> DumpDomAsync(int port, string spkiHash, string path, TimeSpan? timeout = null) =>
        RunAsync(port, spkiHash, ["--dump-dom", Url(port, path)], timeout);

    /// <summary>Loads the page over HTTP/3 and saves a 1024×768 screenshot to <paramref name="pngPath"/>.</summary>
    public static Task<Result> ScreenshotAsync(int port, string spkiHash, string path, string pngPath, TimeSpan? timeout = null) =>
        RunAsync(port, spkiHash, [$"--screenshot={pngPath}", "--window-size=1024,768", Url(port, path)], timeout);

    private static string Url(int port, string path) => $"https://127.0.0.1:{port}{path}";

    private static async Task<Result> RunAsync(int port, string spkiHash, string[] action, TimeSpan? timeout)
    {
        string executable = Locate();
        string profile = Directory.CreateTempSubdirectory("chromium-profile-").FullName;
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in Flags(port, spkiHash, profile).Concat(action))
            start.ArgumentList.Add(argument);
        using var process = new Process { StartInfo = start };
        var output = new StringBuilder();
        var error = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(error, e.Data);
        try
        {
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException) when (!process.HasExited)
            {
                throw new TimeoutException($"chromium did not finish within {(timeout ?? DefaultTimeout).TotalSeconds} s. stderr:\n{Snapshot(error)}");
            }
            catch (OperationCanceledException)
            {
                // Chromium exited but a helper process it left behind still holds the output pipe
                // open: what was printed before the exit is all there is.
            }
            return new Result(process.ExitCode, Snapshot(output), Snapshot(error));
        }
        finally
        {
            KillTree(process);
            DeleteQuietly(profile);
        }
    }

    private static IEnumerable<string> Flags(int port, string spkiHash, string profile) =>
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        $"--user-data-dir={profile}",
        "--enable-quic", $"--origin-to-force-quic-on=127.0.0.1:{port}",
        $"--ignore-certificate-errors-spki-list={spkiHash}",
    ];

    private static void Append(StringBuilder builder, string? line)
    {
        if (line is null)
            return;
        lock (builder)
            builder.Append(line).Append('\n');
    }

    private static string Snapshot(StringBuilder builder)
    {
        lock (builder)
            return builder.ToString();
    }

    private static void KillTree(Process process)
    {
        try
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Never started, or exited meanwhile: nothing to kill.
        }
    }

    private static void DeleteQuietly(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A straggling helper process may still hold a file; the temp directory is harmless.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
