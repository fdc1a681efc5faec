namespace QuicKestrel.Protocol.Runtime;

/// <summary>
/// A worker's inbound queue: many producers (receive threads, API callers, other workers),
/// one consumer (the worker). Producers append under a short lock to one array; the worker
/// swaps it with a second array and routes the batch outside the lock, so each side holds
/// the lock for O(1). Both arrays grow when needed and are reused, so a steady state
/// allocates nothing.
///
/// Waking: the worker announces it is about to sleep (<c>_sleeping</c>), re-checks the queue
/// under the lock and only then blocks on the event; a producer signals only when it sees
/// the announcement and is the one to clear it, so a busy worker costs producers no
/// syscalls and a sleeping one is woken once, however many operations arrive. The event is
/// never disposed: a late producer may still signal it, and it holds no kernel handle.
/// </summary>
internal sealed class WorkerInbox
{
    private readonly Lock _lock = new();
    private readonly ManualResetEventSlim _wake;
    private readonly int _maxDatagrams;
    private InboxEntry[] _incoming = new InboxEntry[64];
    private InboxEntry[] _taken = new InboxEntry[64];
    private int _count;
    private int _datagrams;
    private bool _closed;
    private int _sleeping;
    private long _datagramsRefused;
    private long _sleeps;

    public WorkerInbox(int maxDatagrams, int spinCount)
    {
        _maxDatagrams = maxDatagrams;
        _wake = new ManualResetEventSlim(false, spinCount);
    }

    /// <summary>True once <see cref="Close"/> ran: every later <see cref="TryAdd"/> fails.</summary>
    public bool IsClosed => Volatile.Read(ref _closed);

    /// <summary>Operations waiting for the worker to take them (diagnostics).</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Datagrams refused because the queue held its maximum.</summary>
    public long DatagramsRefused => Volatile.Read(ref _datagramsRefused);

    /// <summary>Times the worker actually blocked.</summary>
    public long Sleeps => Volatile.Read(ref _sleeps);

    /// <summary>Appends an operation; false when closed or (datagrams only) full.</summary>
    public bool TryAdd(WorkOwnerHandle owner, in WorkOperation operation)
    {
        lock (_lock)
        {
            if (_closed)
                return false;
            if (operation.Kind == WorkOperationKind.Datagram)
            {
                if (_datagrams >= _maxDatagrams)
                {
                    _datagramsRefused++;
                    return false;
                }
                _datagrams++;
            }
            if (_count == _incoming.Length)
                Array.Resize(ref _incoming, _incoming.Length * 2);
            ref InboxEntry entry = ref _incoming[_count++];
            entry.Owner = owner;
            entry.Operation = operation;
        }
        // The lock orders this read after the worker's announcement or the worker's re-check after our append.
        if (Volatile.Read(ref _sleeping) != 0 && Interlocked.Exchange(ref _sleeping, 0) != 0)
            _wake.Set();
        return true;
    }

    /// <summary>
    /// Worker only: everything queued so far, oldest first. Valid until
    /// <see cref="ReleaseTaken"/>, which the worker calls before taking again.
    /// </summary>
    public Span<InboxEntry> TakeAll()
    {
        int count;
        lock (_lock)
        {
            count = _count;
            if (count == 0)
                return default;
            (_incoming, _taken) = (_taken, _incoming);
            _count = 0;
            _datagrams = 0;
        }
        return _taken.AsSpan(0, count);
    }

    /// <summary>Worker only: drops the references of the last <see cref="TakeAll"/> batch.</summary>
    public void ReleaseTaken(int count) => Array.Clear(_taken, 0, count);

    /// <summary>
    /// Worker only: blocks until an operation arrives, the inbox closes or the timeout
    /// (milliseconds, or <see cref="Timeout.Infinite"/>) passes.
    /// </summary>
    public void WaitForWork(int timeoutMilliseconds)
    {
        // Fast path without the lock: work is already waiting (a stale zero just takes the slow path).
        if (Count > 0)
            return;
        _wake.Reset();
        Interlocked.Exchange(ref _sleeping, 1);
        bool pending;
        lock (_lock)
            pending = _count > 0 || _closed;
        if (!pending)
        {
            _wake.Wait(timeoutMilliseconds);
            Volatile.Write(ref _sleeps, _sleeps + 1);
        }
        Volatile.Write(ref _sleeping, 0);
    }

    /// <summary>Refuses further operations and wakes the worker.</summary>
    public void Close()
    {
        lock (_lock)
            _closed = true;
        _wake.Set();
    }
}

/// <summary>One queued operation and the owner it is for.</summary>
internal struct InboxEntry
{
    public WorkOwnerHandle Owner;
    public WorkOperation Operation;
}
