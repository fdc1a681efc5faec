namespace QuicKestrel.Protocol.Runtime;

/// <summary>Outcome of <see cref="WorkOwnerHandle.Invoke"/>.</summary>
internal enum WorkCallStatus
{
    /// <summary>The call ran to completion on the owner's worker (inline or queued).</summary>
    Completed = 0,

    /// <summary>Not run: the owner is closed or the pool is stopping; nothing was queued.</summary>
    Rejected,

    /// <summary>Queued but dropped: the owner was closed or the pool stopped before its turn.</summary>
    Cancelled,

    /// <summary>The call threw; the exception went to the fault handler and the owner was detached.</summary>
    Faulted,
}
