namespace QuicKestrel.Protocol.Runtime;

/// <summary>What a queued <see cref="WorkOperation"/> carries.</summary>
internal enum WorkOperationKind : byte
{
    None = 0,

    /// <summary>A received datagram (retained) for <see cref="IWorkOwner.ProcessOperation"/>.</summary>
    Datagram,

    /// <summary>An owner-defined code, argument and state for <see cref="IWorkOwner.ProcessOperation"/>.</summary>
    Signal,

    /// <summary>A <see cref="WorkCall"/> the worker executes in the owner's order.</summary>
    Call,

    /// <summary>"Give this owner a turn" (coalesced; <see cref="WorkOwnerHandle.RequestFlush"/>).</summary>
    Wake,

    /// <summary>Detach the owner after everything queued before it.</summary>
    Close,
}
