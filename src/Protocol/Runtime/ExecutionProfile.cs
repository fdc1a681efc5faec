namespace QuicKestrel.Protocol.Runtime;

/// <summary>
/// MsQuic's QUIC_EXECUTION_PROFILE (same values): a hint for how a registration's workers
/// are scheduled. <see cref="WorkerPoolOptions.ForProfile"/> turns it into worker count,
/// thread priority and how long an idle worker spins before it blocks.
/// </summary>
internal enum ExecutionProfile
{
    /// <summary>The default: one worker per processor, a short spin before blocking.</summary>
    LowLatency = 0,

    /// <summary>One worker per processor, normal priority (MsQuic also affinitizes; .NET cannot).</summary>
    MaxThroughput = 1,

    /// <summary>Background work: one worker, lowest priority, no spinning (MsQuic: no partitioning).</summary>
    Scavenger = 2,

    /// <summary>Responsiveness first: one worker per processor, highest priority, longest spin.</summary>
    RealTime = 3,
}
