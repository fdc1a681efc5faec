namespace QuicKestrel.Perf;

/// <summary>Runs the named scenario against a server and returns its result line.</summary>
internal static class ScenarioRunner
{
    public static readonly string[] Names = ["download", "upload", "handshakes", "rr"];

    /// <summary>
    /// Runs the scenario; handshakes and rr first run unmeasured for the warm-up time (JIT tiering
    /// of the whole handshake and request paths would otherwise be charged to a short run).
    /// </summary>
    public static string Run(PerfSession client, ScenarioOptions options)
    {
        if (options.Scenario is "handshakes" or "rr" && options.WarmupSeconds > 0)
        {
            string warmup = RunOnce(client, options with { DurationSeconds = options.WarmupSeconds });
            if (!IsSuccess(warmup))
                return warmup;
        }
        return RunOnce(client, options);
    }

    private static string RunOnce(PerfSession client, ScenarioOptions options) => options.Scenario switch
    {
        "download" => TransferScenario.Run(client, options, download: true),
        "upload" => TransferScenario.Run(client, options, download: false),
        "handshakes" => HandshakeScenario.Run(client, options),
        "rr" => RequestResponseScenario.Run(client, options),
        _ => new ResultLine(options.Scenario).Add("error", "unknown-scenario").ToString(),
    };

    /// <summary>A result line reports a failure with an error= pair.</summary>
    public static bool IsSuccess(string line) => !line.Contains(" error=", StringComparison.Ordinal);
}
