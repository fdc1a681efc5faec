namespace QuicKestrel.Protocol.Runtime;

/// <summary>
/// An API call to run on an owner's worker, in order with the owner's other operations:
/// the API layer subclasses it (one class per call kind, pooled or reused, holding the
/// arguments and, for synchronous calls, the result fields) and queues it with
/// <see cref="WorkOwnerHandle.Post"/> or runs it with <see cref="WorkOwnerHandle.Invoke"/>.
/// </summary>
internal abstract class WorkCall
{
    /// <summary>Runs on the owner's worker. The owner gets a turn (flush, re-arm) afterwards.</summary>
    protected internal abstract void Execute(long now);

    /// <summary>
    /// A posted call that was queued but will never run: its owner was closed or the pool
    /// stopped. Runs on the worker thread (or the thread stopping the pool); release
    /// resources or complete the request with an "aborted" status here.
    /// </summary>
    protected internal virtual void OnCancelled()
    {
    }
}
