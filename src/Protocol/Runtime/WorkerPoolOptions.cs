using QuicKestrel.Protocol.Runtime.Datapath;

namespace QuicKestrel.Protocol.Runtime;

/// <summary>Reports an exception that escaped owner code (or the worker itself, then <c>owner</c> is null).</summary>
internal delegate void WorkerFaultHandler(Worker worker, IWorkOwner? owner, Exception exception);

/// <summary>How a <see cref="WorkerPool"/> runs. Per pool, so a record is fine.</summary>
internal sealed record WorkerPoolOptions
{
    /// <summary>MsQuic's QUIC_MAX_OPERATIONS_PER_DRAIN.</summary>
    public const int DefaultMaxOperationsPerDrain = 16;

    /// <summary>ManualResetEventSlim's own default spin on a multi-core machine.</summary>
    public const int DefaultWaitSpinCount = 35;

    public int WorkerCount { get; init; } = Environment.ProcessorCount;

    /// <summary>Best effort: on Linux an unprivileged process cannot raise it.</summary>
    public ThreadPriority ThreadPriority { get; init; } = ThreadPriority.Normal;

    /// <summary>
    /// Operations one owner may process in one turn before the worker flushes it and moves
    /// on, so a busy owner cannot starve the others.
    /// </summary>
    public int MaxOperationsPerDrain { get; init; } = DefaultMaxOperationsPerDrain;

    /// <summary>Spins an idle worker makes before blocking (0: block at once).</summary>
    public int WaitSpinCount { get; init; } = DefaultWaitSpinCount;

    /// <summary>
    /// Received datagrams one owner may have queued; beyond this they are dropped, as a
    /// full socket buffer would (MsQuic bounds its per-connection receive queue the same way).
    /// </summary>
    public int MaxQueuedDatagramsPerOwner { get; init; } = 4096;

    /// <summary>Received datagrams waiting in one worker's inbound queue; beyond this they are dropped.</summary>
    public int MaxQueuedDatagramsPerWorker { get; init; } = 16384;

    /// <summary>Bytes of the worker-owned send buffer handed to Flush (one GSO send by default).</summary>
    public int SendBufferSize { get; init; } = DatapathCapabilities.GsoByteLimit;

    public string ThreadName { get; init; } = "QuicKestrel worker";

    /// <summary>Called on the worker thread when owner code throws; the owner is then detached.</summary>
    public WorkerFaultHandler? FaultHandler { get; init; }

    /// <summary>MsQuic's execution profiles as worker count, priority and idle spin.</summary>
    public static WorkerPoolOptions ForProfile(ExecutionProfile profile) => profile switch
    {
        ExecutionProfile.Scavenger => new WorkerPoolOptions
        {
            WorkerCount = 1,
            ThreadPriority = ThreadPriority.Lowest,
            WaitSpinCount = 0,
        },
        ExecutionProfile.RealTime => new WorkerPoolOptions
        {
            ThreadPriority = ThreadPriority.Highest,
            WaitSpinCount = 4 * DefaultWaitSpinCount,
        },
        ExecutionProfile.MaxThroughput or ExecutionProfile.LowLatency => new WorkerPoolOptions(),
        _ => throw new ArgumentOutOfRangeException(nameof(profile)),
    };

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(WorkerCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(WorkerCount, 1024);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxOperationsPerDrain);
        ArgumentOutOfRangeException.ThrowIfNegative(WaitSpinCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(WaitSpinCount, 2047); // ManualResetEventSlim's limit
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxQueuedDatagramsPerOwner);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxQueuedDatagramsPerWorker);
        ArgumentOutOfRangeException.ThrowIfLessThan(SendBufferSize, 1200);
        ArgumentNullException.ThrowIfNull(ThreadName);
    }
}
