namespace QuicKestrel.Protocol.Recovery;

/// <summary>
/// The sent packets of one packet number space, oldest first, in a growable ring of structs.
/// Acknowledged and lost records stay in place (resolved) until every older record is resolved
/// too, so indices stay stable during a scan and lookups are a binary search. The ring only
/// grows when more packets are outstanding than ever before: no allocation in steady state.
/// </summary>
internal sealed class SentPacketStore
{
    private SentPacket[] _ring;
    private int _head;
    private int _count;

    public SentPacketStore(int initialCapacity = 64)
    {
        _ring = new SentPacket[Math.Max(4, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)initialCapacity))];
    }

    /// <summary>Records held, resolved ones included.</summary>
    public int Count => _count;

    /// <summary>Records neither acknowledged nor lost.</summary>
    public int OutstandingCount { get; private set; }

    /// <summary>The largest packet number added, or -1.</summary>
    public long LargestSent { get; private set; } = -1;

    /// <summary>Send time of the newest acknowledged record dropped from the head, or long.MinValue.</summary>
    public long LastTrimmedAckedTimeSent { get; private set; } = long.MinValue;

    /// <summary>The record at <paramref name="index"/> (0 = oldest held).</summary>
    public ref SentPacket this[int index] => ref _ring[(_head + index) & (_ring.Length - 1)];

    /// <summary>Appends a record; packet numbers must increase.</summary>
    public void Add(in SentPacket packet)
    {
        if (packet.PacketNumber <= LargestSent)
            throw new ArgumentException("Packet numbers must increase within a space.", nameof(packet));
        if (_count == _ring.Length)
            Grow();
        ref SentPacket slot = ref _ring[(_head + _count) & (_ring.Length - 1)];
        slot = packet;
        slot.State = SentPacketState.Outstanding;
        _count++;
        OutstandingCount++;
        LargestSent = packet.PacketNumber;
    }

    /// <summary>Index of the first record whose packet number is at least <paramref name="packetNumber"/> (Count if none).</summary>
    public int LowerBound(long packetNumber)
    {
        int lo = 0, hi = _count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (this[mid].PacketNumber < packetNumber)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }

    /// <summary>Index of the first record sent at or after <paramref name="time"/> (Count if none).</summary>
    public int LowerBoundByTime(long time)
    {
        int lo = 0, hi = _count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (this[mid].TimeSent < time)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }

    /// <summary>Marks an outstanding record acknowledged or lost.</summary>
    public void Resolve(int index, SentPacketState state)
    {
        ref SentPacket record = ref this[index];
        if (record.State != SentPacketState.Outstanding || state == SentPacketState.Outstanding)
            throw new InvalidOperationException("Only an outstanding record can be resolved.");
        record.State = state;
        OutstandingCount--;
    }

    /// <summary>Drops resolved records from the head so scans start at the oldest outstanding one.</summary>
    public void TrimResolvedHead()
    {
        int mask = _ring.Length - 1;
        while (_count > 0)
        {
            ref SentPacket head = ref _ring[_head];
            if (head.State == SentPacketState.Outstanding)
                break;
            if (head.State == SentPacketState.Acked)
                LastTrimmedAckedTimeSent = head.TimeSent;
            head = default;
            _head = (_head + 1) & mask;
            _count--;
        }
    }

    /// <summary>Forgets every record (the space's keys were discarded).</summary>
    public void Clear()
    {
        Array.Clear(_ring);
        _head = 0;
        _count = 0;
        OutstandingCount = 0;
    }

    private void Grow()
    {
        var bigger = new SentPacket[_ring.Length * 2];
        for (int i = 0; i < _count; i++)
            bigger[i] = this[i];
        _ring = bigger;
        _head = 0;
    }
}
