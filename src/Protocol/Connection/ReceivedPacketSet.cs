using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Connection;

/// <summary>
/// The packet numbers received in one space, as at most <see cref="MaxRanges"/> ranges, largest
/// first: what the next ACK frame reports, and duplicate detection (RFC 9000 §12.3, §13.2.3).
/// When the ranges overflow, the oldest is forgotten, and everything at or below it counts as
/// already received: a late packet there is dropped and its sender retransmits its frames, which
/// a stale ACK would not have prevented either.
/// </summary>
internal sealed class ReceivedPacketSet
{
    /// <summary>Ranges kept (and so the most an ACK frame carries).</summary>
    public const int MaxRanges = 32;

    private readonly AckRange[] _ranges = new AckRange[MaxRanges + 1];
    private int _count;

    /// <summary>Packet numbers below this are treated as duplicates.</summary>
    public long Floor { get; private set; }

    public int RangeCount => _count;

    public bool IsEmpty => _count == 0;

    /// <summary>The largest packet number received, or -1.</summary>
    public long Largest => _count == 0 ? -1 : _ranges[0].Largest;

    /// <summary>The ranges, largest first, separated by gaps.</summary>
    public ReadOnlySpan<AckRange> Ranges => _ranges.AsSpan(0, _count);

    public bool Contains(long packetNumber)
    {
        if (packetNumber < Floor)
            return true;
        for (int i = 0; i < _count; i++)
        {
            AckRange range = _ranges[i];
            if (packetNumber > range.Largest)
                return false;
            if (packetNumber >= range.Smallest)
                return true;
        }
        return false;
    }

    /// <summary>Adds a packet number not yet <see cref="Contains">contained</see>.</summary>
    public void Add(long packetNumber)
    {
        int i = 0;
        while (i < _count && _ranges[i].Smallest > packetNumber + 1)
            i++;
        if (i == _count)
        {
            Insert(i, new AckRange(packetNumber, packetNumber));
            return;
        }
        AckRange range = _ranges[i];
        if (packetNumber == range.Largest + 1)
        {
            _ranges[i] = range with { Largest = packetNumber };
        }
        else if (packetNumber == range.Smallest - 1)
        {
            _ranges[i] = range with { Smallest = packetNumber };
            MergeWithNext(i);
        }
        else if (packetNumber > range.Largest)
        {
            Insert(i, new AckRange(packetNumber, packetNumber));
        }
        // Ranges before i start at least two above packetNumber, so nothing merges upward; a number
        // inside a range cannot arrive (the caller checked Contains).
    }

    /// <summary>
    /// ACK-of-ACK (RFC 9000 §13.2.4): the peer saw an ACK of ours reporting up to
    /// <paramref name="largestAcknowledged"/>, so those packets need not be reported again.
    /// </summary>
    public void RemoveThrough(long largestAcknowledged)
    {
        int kept = 0;
        for (int i = 0; i < _count; i++)
        {
            AckRange range = _ranges[i];
            if (range.Smallest > largestAcknowledged)
                _ranges[kept++] = range;
            else if (range.Largest > largestAcknowledged)
                _ranges[kept++] = range with { Smallest = largestAcknowledged + 1 };
        }
        _count = kept;
        Floor = Math.Max(Floor, largestAcknowledged + 1);
    }

    public void Clear()
    {
        _count = 0;
        Floor = 0;
    }

    private void Insert(int index, AckRange range)
    {
        Array.Copy(_ranges, index, _ranges, index + 1, _count - index);
        _ranges[index] = range;
        _count++;
        if (_count > MaxRanges)
        {
            _count--;
            Floor = Math.Max(Floor, _ranges[_count].Largest + 1);
        }
    }

    // Joins range i with range i + 1 (the next smaller one) when they now touch.
    private void MergeWithNext(int i)
    {
        if (i + 1 >= _count || _ranges[i + 1].Largest + 1 < _ranges[i].Smallest)
            return;
        _ranges[i] = new AckRange(_ranges[i + 1].Smallest, _ranges[i].Largest);
        Array.Copy(_ranges, i + 2, _ranges, i + 1, _count - i - 2);
        _count--;
    }
}
