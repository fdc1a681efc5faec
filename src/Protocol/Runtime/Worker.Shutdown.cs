namespace QuicKestrel.Protocol.Runtime;

internal sealed partial class Worker
{
    /// <summary>
    /// Runs on the worker thread once the inbox is closed (no operation can arrive any
    /// more): drops everything still queued (datagram buffers go back to their pools,
    /// synchronous callers wake with Cancelled, posted calls are cancelled), disarms the
    /// timers and closes the senders.
    /// </summary>
    private void Shutdown()
    {
        try
        {
            Span<InboxEntry> taken = _inbox.TakeAll();
            foreach (ref InboxEntry entry in taken)
                CancelOperation(in entry.Operation);
            _inbox.ReleaseTaken(taken.Length);

            while (_ready.TryDequeue(out WorkOwnerHandle? owner))
            {
                owner.InReadyQueue = false;
                Detach(owner);
            }
            _timers.Clear();
            _context.Dispose();
        }
        catch (Exception exception)
        {
            ReportFault(null, exception);
        }
    }
}
