namespace QuicKestrel.Protocol.Endpoint;

/// <summary>Which stateless packet a <see cref="StatelessTransmit"/> carries.</summary>
internal enum StatelessPacketKind : byte
{
    VersionNegotiation,
    Retry,
    StatelessReset,
    InitialClose,
}

/// <summary>One stateless datagram written by <see cref="QuicEndpoint.PollTransmit"/>: send <see cref="Length"/> bytes from <see cref="Source"/> to <see cref="Destination"/>.</summary>
internal readonly record struct StatelessTransmit(int Length, NetAddress Destination, NetAddress Source, StatelessPacketKind Kind);

/// <summary>
/// A bounded FIFO of stateless datagrams (Version Negotiation, Retry, stateless reset, Initial
/// close) waiting for the runtime: fixed-size slots in one array, written in place, so queuing
/// allocates nothing. When full, new replies are dropped (their triggers can be resent).
/// </summary>
internal sealed class StatelessTransmitQueue
{
    /// <summary>Room per datagram: a Version Negotiation packet echoing two 255-byte IDs with nine versions is 553 bytes.</summary>
    public const int SlotSize = 640;

    private readonly byte[] _buffer;
    private readonly Entry[] _entries;
    private int _head;

    public StatelessTransmitQueue(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _buffer = new byte[capacity * SlotSize];
        _entries = new Entry[capacity];
    }

    public int Count { get; private set; }

    public int Capacity => _entries.Length;

    /// <summary>The space of the next slot (<see cref="SlotSize"/> bytes), or false when the queue is full.</summary>
    public bool TryReserve(out Span<byte> space)
    {
        if (Count == _entries.Length)
        {
            space = default;
            return false;
        }
        space = _buffer.AsSpan(Tail * SlotSize, SlotSize);
        return true;
    }

    /// <summary>Queues the slot last reserved, holding <paramref name="length"/> bytes.</summary>
    public void Commit(int length, in NetAddress destination, in NetAddress source, StatelessPacketKind kind)
    {
        if (Count == _entries.Length || length <= 0 || length > SlotSize)
            throw new InvalidOperationException("Commit follows a successful TryReserve with a length that fits the slot.");
        _entries[Tail] = new Entry(new StatelessTransmit(length, destination, source, kind));
        Count++;
    }

    /// <summary>Copies the oldest datagram into <paramref name="buffer"/>; false when empty or the buffer is too small (it stays queued).</summary>
    public bool TryDequeue(Span<byte> buffer, out StatelessTransmit transmit)
    {
        transmit = default;
        if (Count == 0 || buffer.Length < _entries[_head].Transmit.Length)
            return false;
        transmit = _entries[_head].Transmit;
        _buffer.AsSpan(_head * SlotSize, transmit.Length).CopyTo(buffer);
        _entries[_head] = default;
        _head = (_head + 1) % _entries.Length;
        Count--;
        return true;
    }

    private int Tail => (_head + Count) % _entries.Length;

    private readonly record struct Entry(StatelessTransmit Transmit);
}
