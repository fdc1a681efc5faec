namespace QuicKestrel.Protocol.Api;

/// <summary>
/// How a registration's connections are scheduled on worker threads
/// (<see cref="QuicRegistrationConfig.ExecutionProfile"/>). MsQuic's <c>QUIC_EXECUTION_PROFILE</c>.
/// </summary>
public enum QuicExecutionProfile
{
    /// <summary>Favour latency: work is spread across workers and run promptly (<c>QUIC_EXECUTION_PROFILE_LOW_LATENCY</c>). The default.</summary>
    LowLatency = 0,

    /// <summary>Favour throughput: fewer, busier workers with larger batches (<c>QUIC_EXECUTION_PROFILE_TYPE_MAX_THROUGHPUT</c>).</summary>
    MaxThroughput = 1,

    /// <summary>Background work that yields to everything else (<c>QUIC_EXECUTION_PROFILE_TYPE_SCAVENGER</c>).</summary>
    Scavenger = 2,

    /// <summary>Latency-critical work on dedicated, high-priority workers (<c>QUIC_EXECUTION_PROFILE_TYPE_REAL_TIME</c>).</summary>
    RealTime = 3,
}
