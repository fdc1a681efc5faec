namespace QuicKestrel.Protocol.Runtime;

/// <summary>
/// What a worker drives: the engine's connection (or endpoint) adapter. An owner is
/// attached to one worker for its life (<see cref="WorkerPool.Attach(IWorkOwner)"/>); every
/// method below runs on that worker's thread, one call at a time, so the sans-IO core
/// behind it needs no locks.
///
/// In each turn the worker delivers up to MaxOperationsPerDrain queued operations
/// (<see cref="ProcessOperation"/>), then calls <see cref="Flush"/> once, then re-arms the
/// owner's timer from <see cref="NextDeadline"/>. An owner whose deadline has passed gets
/// <see cref="OnTimer"/> and then a turn. Exceptions must not escape (the engine reports
/// errors as values); one that does is reported to the pool's fault handler and the owner
/// is detached.
/// </summary>
internal interface IWorkOwner
{
    /// <summary>
    /// A queued <see cref="WorkOperationKind.Datagram"/> or <see cref="WorkOperationKind.Signal"/>.
    /// A datagram's payload is valid during this call only; the worker releases it afterwards,
    /// so an owner that keeps it calls <c>operation.Datagram.Retain()</c> (and later Release).
    /// Calls (<see cref="WorkCall"/>) run by themselves and do not come here.
    /// </summary>
    void ProcessOperation(in WorkOperation operation, long now);

    /// <summary>
    /// <see cref="NextDeadline"/> has passed (the worker checks it again just before calling).
    /// A <see cref="Flush"/> follows in the same pass.
    /// </summary>
    void OnTimer(long now);

    /// <summary>
    /// Send what is ready (PollTransmit into <see cref="WorkerContext.SendBuffer"/>, then
    /// <see cref="WorkerContext.GetSender"/>(socket).Send with the GSO segment size) and deliver
    /// pending events to callbacks. Called once per turn, after the turn's operations.
    /// </summary>
    void Flush(long now, WorkerContext context);

    /// <summary>
    /// When <see cref="OnTimer"/> should next run, in <see cref="MonotonicClock"/> microseconds;
    /// <see cref="MonotonicClock.Never"/> for none. Read after every turn (update in place:
    /// a changed value moves the owner's single timer, Never cancels it).
    /// </summary>
    long NextDeadline { get; }
}
