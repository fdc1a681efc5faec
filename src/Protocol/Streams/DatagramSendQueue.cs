using System.Buffers;

namespace QuicKestrel.Protocol.Streams;

/// <summary>
/// Outgoing DATAGRAM frames (RFC 9221): a bounded queue of copies (the application's buffer is
/// free at once) with a per-datagram application context, and the in-flight ones by token so
/// ACKs and losses can be reported in MsQuic's send states. Datagrams are never retransmitted.
/// When the queue is full the oldest unsent datagram is canceled to make room: for datagram
/// traffic the newest data is usually the most useful.
/// </summary>
internal sealed class DatagramSendQueue
{
    private readonly ArrayPool<byte> _pool;
    private readonly Pending[] _pending;
    private int _pendingHead, _pendingCount;
    private InFlight[] _inFlight = new InFlight[16];
    private int _inFlightHead, _inFlightCount;
    private long _firstToken;
    private readonly EventRing<DatagramEvent> _events = new();
    private long _peerMaxFrameSize;
    private long _pathMaxFrameSize = long.MaxValue;

    public DatagramSendQueue(int capacity, ArrayPool<byte>? pool = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _pool = pool ?? ArrayPool<byte>.Shared;
        _pending = new Pending[capacity];
    }

    public int Capacity => _pending.Length;

    /// <summary>Datagrams waiting to be sent.</summary>
    public int Count => _pendingCount;

    /// <summary>Largest datagram payload that can be sent now (0 when sending is not possible).</summary>
    public int MaxSendLength { get; private set; }

    public bool SendEnabled => MaxSendLength > 0;

    /// <summary>The peer's max_datagram_frame_size transport parameter (0 or absent: no datagrams).</summary>
    public void SetPeerMaxFrameSize(long maxFrameSize)
    {
        _peerMaxFrameSize = Math.Max(0, maxFrameSize);
        UpdateMaxSendLength();
    }

    /// <summary>The room a frame can take in one packet on the current path (after headers and AEAD tag).</summary>
    public void SetPathMaxFrameSize(long maxFrameSize)
    {
        _pathMaxFrameSize = Math.Max(0, maxFrameSize);
        UpdateMaxSendLength();
    }

    /// <summary>Copies a datagram into the queue.</summary>
    public DatagramEnqueueResult Enqueue(ReadOnlySpan<byte> data, object? context)
    {
        if (!SendEnabled)
            return DatagramEnqueueResult.NotEnabled;
        if (data.Length > MaxSendLength)
            return DatagramEnqueueResult.TooLarge;
        if (_pendingCount == _pending.Length)
            CancelOldest();
        byte[] buffer = _pool.Rent(Math.Max(1, data.Length));
        data.CopyTo(buffer);
        _pending[(_pendingHead + _pendingCount) % _pending.Length] = new Pending(buffer, data.Length, context);
        _pendingCount++;
        return DatagramEnqueueResult.Queued;
    }

    /// <summary>The next datagram to send, without removing it.</summary>
    public bool TryPeek(out ReadOnlySpan<byte> data)
    {
        if (_pendingCount == 0)
        {
            data = default;
            return false;
        }
        ref Pending head = ref _pending[_pendingHead];
        data = head.Buffer.AsSpan(0, head.Length);
        return true;
    }

    /// <summary>The peeked datagram went into a packet; returns the token to record with the packet.</summary>
    public long OnSent()
    {
        if (_pendingCount == 0)
            throw new InvalidOperationException("no datagram to send");
        Pending sent = TakeHead();
        long token = _firstToken + _inFlightCount;
        if (_inFlightCount == _inFlight.Length)
            GrowInFlight();
        _inFlight[(_inFlightHead + _inFlightCount) % _inFlight.Length] = new InFlight(sent.Context, DatagramSendState.Sent);
        _inFlightCount++;
        Report(sent.Context, DatagramSendState.Sent);
        return token;
    }

    /// <summary>The packet carrying the datagram was acknowledged.</summary>
    public void OnAcked(long token)
    {
        ref InFlight entry = ref Find(token, out bool found);
        if (!found)
            return;
        Resolve(ref entry, entry.State == DatagramSendState.LostSuspect ? DatagramSendState.AcknowledgedSpurious : DatagramSendState.Acknowledged);
    }

    /// <summary>The packet carrying the datagram was declared lost (an ACK may still arrive).</summary>
    public void OnLost(long token)
    {
        ref InFlight entry = ref Find(token, out bool found);
        if (!found || entry.State != DatagramSendState.Sent)
            return;
        entry.State = DatagramSendState.LostSuspect;
        Report(entry.Context, DatagramSendState.LostSuspect);
    }

    /// <summary>The connection stopped tracking the lost packet: the datagram is gone for good.</summary>
    public void OnLossConfirmed(long token)
    {
        ref InFlight entry = ref Find(token, out bool found);
        if (found)
            Resolve(ref entry, DatagramSendState.LostDiscarded);
    }

    /// <summary>Connection closing: queued datagrams are canceled, in-flight ones discarded.</summary>
    public void CancelAll()
    {
        while (_pendingCount > 0)
            CancelOldest();
        for (int i = 0; i < _inFlightCount; i++)
        {
            ref InFlight entry = ref _inFlight[(_inFlightHead + i) % _inFlight.Length];
            if (entry.State is DatagramSendState.Sent or DatagramSendState.LostSuspect)
                Report(entry.Context, DatagramSendState.LostDiscarded);
            entry = default;
        }
        _firstToken += _inFlightCount;
        _inFlightHead = _inFlightCount = 0;
    }

    public bool TryPollEvent(out DatagramEvent datagramEvent) => _events.TryDequeue(out datagramEvent);

    private void UpdateMaxSendLength()
    {
        int max = DatagramLimits.MaxPayloadForFrameSize(Math.Min(_peerMaxFrameSize, _pathMaxFrameSize));
        if (max == MaxSendLength)
            return;
        MaxSendLength = max;
        _events.Enqueue(new DatagramEvent(DatagramEventKind.StateChanged, null, DatagramSendState.Unknown, max > 0, max));
        CancelOversized();
    }

    // Queued datagrams that no longer fit (smaller path MTU, or sending disabled) are canceled.
    private void CancelOversized()
    {
        int kept = 0;
        for (int i = 0; i < _pendingCount; i++)
        {
            Pending item = _pending[(_pendingHead + i) % _pending.Length];
            if (item.Length <= MaxSendLength && SendEnabled)
                _pending[(_pendingHead + kept++) % _pending.Length] = item;
            else
                Cancel(item);
        }
        for (int i = kept; i < _pendingCount; i++)
            _pending[(_pendingHead + i) % _pending.Length] = default;
        _pendingCount = kept;
    }

    private void CancelOldest() => Cancel(TakeHead());

    private void Cancel(Pending item) => Report(item.Context, DatagramSendState.Canceled);

    // Removes the head and returns its buffer to the pool (the caller only keeps the context).
    private Pending TakeHead()
    {
        Pending head = _pending[_pendingHead];
        _pending[_pendingHead] = default;
        _pendingHead = (_pendingHead + 1) % _pending.Length;
        _pendingCount--;
        _pool.Return(head.Buffer);
        return head;
    }

    private ref InFlight Find(long token, out bool found)
    {
        long index = token - _firstToken;
        found = index >= 0 && index < _inFlightCount;
        ref InFlight entry = ref _inFlight[found ? (int)((_inFlightHead + index) % _inFlight.Length) : 0];
        found = found && entry.State is DatagramSendState.Sent or DatagramSendState.LostSuspect;
        return ref entry;
    }

    private void Resolve(ref InFlight entry, DatagramSendState final)
    {
        Report(entry.Context, final);
        entry = new InFlight(null, final);
        while (_inFlightCount > 0 && _inFlight[_inFlightHead].State is not (DatagramSendState.Sent or DatagramSendState.LostSuspect))
        {
            _inFlight[_inFlightHead] = default;
            _inFlightHead = (_inFlightHead + 1) % _inFlight.Length;
            _inFlightCount--;
            _firstToken++;
        }
    }

    private void Report(object? context, DatagramSendState state) =>
        _events.Enqueue(new DatagramEvent(DatagramEventKind.SendStateChanged, context, state, SendEnabled, MaxSendLength));

    private void GrowInFlight()
    {
        var grown = new InFlight[_inFlight.Length * 2];
        for (int i = 0; i < _inFlightCount; i++)
            grown[i] = _inFlight[(_inFlightHead + i) % _inFlight.Length];
        _inFlight = grown;
        _inFlightHead = 0;
    }

    private readonly record struct Pending(byte[] Buffer, int Length, object? Context);

    private record struct InFlight(object? Context, DatagramSendState State);
}
