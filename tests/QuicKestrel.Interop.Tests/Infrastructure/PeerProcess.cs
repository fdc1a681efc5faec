using System.Diagnostics;
using System.Text;

namespace QuicKestrel.Interop.Tests.Infrastructure;

/// <summary>
/// A peer program (gtlsclient or gtlsserver) with its standard output and error captured as they
/// arrive. Waiting is always bounded; Dispose kills it if it is still running.
/// </summary>
internal sealed class PeerProcess : IDisposable
{
    private const int TailLines = 40;

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly TaskCompletionSource _outputClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _errorClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private PeerProcess(string program, IReadOnlyList<string> arguments)
    {
        Name = Path.GetFileName(program);
        CommandLine = $"{program} {string.Join(' ', arguments)}";
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Append(_output, e.Data, _outputClosed);
        _process.ErrorDataReceived += (_, e) => Append(_error, e.Data, _errorClosed);
    }

    public string Name { get; }

    public string CommandLine { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public TimeSpan Elapsed { get; private set; }

    /// <summary>Standard output and standard error so far (ngtcp2 logs to standard error).</summary>
    public string Log
    {
        get
        {
            lock (_output)
            lock (_error)
                return _output.ToString() + _error.ToString();
        }
    }

    public static PeerProcess Start(string program, IReadOnlyList<string> arguments)
    {
        var peer = new PeerProcess(program, arguments);
        peer._process.Start();
        peer._process.BeginOutputReadLine();
        peer._process.BeginErrorReadLine();
        return peer;
    }

    /// <summary>Waits for the peer to exit by itself; after <paramref name="timeout"/> it is killed and the test fails.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            Assert.Fail($"{Name} did not finish within {timeout.TotalSeconds:0} s and was killed.\n{Describe()}");
        }
        // Let the redirected streams drain so the log is complete.
        await Task.WhenAll(_outputClosed.Task, _errorClosed.Task).WaitAsync(TimeSpan.FromSeconds(5));
        Elapsed = _clock.Elapsed;
        return _process.ExitCode;
    }

    /// <summary>The command, its exit status and the tail of its output, for failure messages.</summary>
    public string Describe()
    {
        string status = _process.HasExited ? $"exit code {_process.ExitCode}" : "still running";
        string[] lines = Log.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string tail = string.Join('\n', lines.Skip(Math.Max(0, lines.Length - TailLines)));
        return $"{CommandLine}\n{Name}: {status} after {_clock.Elapsed.TotalSeconds:0.0} s; last {Math.Min(TailLines, lines.Length)} of {lines.Length} output lines:\n{tail}";
    }

    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
                _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // It was never started or already reaped.
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private static void Append(StringBuilder log, string? line, TaskCompletionSource closed)
    {
        if (line is null)
        {
            closed.TrySetResult();
            return;
        }
        lock (log)
            log.Append(line).Append('\n');
    }
}
