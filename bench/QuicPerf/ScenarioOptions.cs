namespace QuicKestrel.Perf;

/// <summary>What a client run does; every load loop is bounded by both a count cap and a time cap.</summary>
internal sealed record ScenarioOptions
{
    public required string Scenario { get; init; }

    public string Target { get; init; } = "127.0.0.1";

    public ushort Port { get; init; } = 4433;

    /// <summary>download/upload: the bytes moved on one stream.</summary>
    public ulong Bytes { get; init; } = 100_000_000;

    /// <summary>download/upload: an unmeasured request of this size first, on the same connection (0: none).</summary>
    public ulong WarmupBytes { get; init; } = 16_000_000;

    /// <summary>handshakes/rr: parallel connections.</summary>
    public int Connections { get; init; } = 4;

    /// <summary>handshakes/rr: how long the load runs.</summary>
    public double DurationSeconds { get; init; } = 5;

    /// <summary>handshakes/rr: an unmeasured run of this many seconds first (0: none).</summary>
    public double WarmupSeconds { get; init; } = 1;

    /// <summary>handshakes: stop after this many, even before the duration is over.</summary>
    public int MaxHandshakes { get; init; } = 1_000_000;

    /// <summary>rr: stop after this many requests (also sizes the latency record).</summary>
    public int MaxRequests { get; init; } = 2_000_000;

    public int RequestBytes { get; init; } = 512;

    public int ResponseBytes { get; init; } = 4000;

    /// <summary>Upper bound on any single wait (a transfer, a handshake, the end of a run).</summary>
    public double TimeoutSeconds { get; init; } = 120;

    /// <summary>download/upload: also print the client connection's transport counters to stderr.</summary>
    public bool PrintStats { get; init; }

    public int TimeoutMs => (int)Math.Min(int.MaxValue, TimeoutSeconds * 1000);
}
