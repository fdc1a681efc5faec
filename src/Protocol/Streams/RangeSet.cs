namespace QuicKestrel.Protocol.Streams;

/// <summary>
/// A set of byte offsets kept as sorted, disjoint, non-adjacent half-open ranges [start, end).
/// Backed by two arrays that only grow, so steady-state use allocates nothing. Used for acked
/// and lost ranges on the send side and received ranges on the receive side.
/// </summary>
internal sealed class RangeSet
{
    private long[] _starts;
    private long[] _ends;
    private int _count;

    public RangeSet(int initialCapacity = 4)
    {
        _starts = new long[Math.Max(1, initialCapacity)];
        _ends = new long[_starts.Length];
    }

    public int Count => _count;

    public bool IsEmpty => _count == 0;

    public long StartAt(int index) => _starts[index];

    public long EndAt(int index) => _ends[index];

    public void Clear() => _count = 0;

    /// <summary>Adds [start, end), merging with overlapping or touching ranges.</summary>
    public void Add(long start, long end)
    {
        if (start >= end)
            return;
        int first = FirstEndingAtOrAfter(start);
        int last = first;
        while (last < _count && _starts[last] <= end)
        {
            start = Math.Min(start, _starts[last]);
            end = Math.Max(end, _ends[last]);
            last++;
        }
        if (first == last)
        {
            InsertAt(first, start, end);
            return;
        }
        _starts[first] = start;
        _ends[first] = end;
        RemoveRange(first + 1, last - first - 1);
    }

    /// <summary>Removes [start, end) from the set, splitting a range if needed.</summary>
    public void Remove(long start, long end)
    {
        if (start >= end || _count == 0)
            return;
        int i = FirstEndingAfter(start);
        if (i == _count || _starts[i] >= end)
            return;
        if (_starts[i] < start && _ends[i] > end)
        {
            InsertAt(i + 1, end, _ends[i]);
            _ends[i] = start;
            return;
        }
        if (_starts[i] < start)
        {
            _ends[i] = start;
            i++;
        }
        int j = i;
        while (j < _count && _ends[j] <= end)
            j++;
        RemoveRange(i, j - i);
        if (i < _count && _starts[i] < end)
            _starts[i] = end;
    }

    /// <summary>True when every offset of [start, end) is in the set.</summary>
    public bool Contains(long start, long end)
    {
        if (start >= end)
            return true;
        int i = FirstEndingAfter(start);
        return i < _count && _starts[i] <= start && _ends[i] >= end;
    }

    /// <summary>
    /// The first sub-range of [from, to) not in the set. Returns false when [from, to) is covered.
    /// </summary>
    public bool TryGetFirstGap(long from, long to, out long gapStart, out long gapEnd)
    {
        int i = FirstEndingAfter(from);
        while (from < to)
        {
            if (i == _count || _starts[i] > from)
            {
                gapStart = from;
                gapEnd = i == _count ? to : Math.Min(to, _starts[i]);
                return true;
            }
            from = _ends[i];
            i++;
        }
        gapStart = gapEnd = 0;
        return false;
    }

    /// <summary>The end of the range containing <paramref name="offset"/>, or the offset itself when it is not covered.</summary>
    public long ContiguousEndFrom(long offset)
    {
        int i = FirstEndingAfter(offset);
        return i < _count && _starts[i] <= offset ? _ends[i] : offset;
    }

    /// <summary>Drops all offsets below <paramref name="offset"/>.</summary>
    public void RemoveBelow(long offset)
    {
        if (_count > 0 && _starts[0] < offset)
            Remove(_starts[0], offset);
    }

    // Index of the first range whose end is >= value (a touching range merges on Add).
    private int FirstEndingAtOrAfter(long value)
    {
        int lo = 0, hi = _count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_ends[mid] < value)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }

    // Index of the first range whose end is > value (the range that could contain value).
    private int FirstEndingAfter(long value)
    {
        int lo = 0, hi = _count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_ends[mid] <= value)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }

    private void InsertAt(int index, long start, long end)
    {
        if (_count == _starts.Length)
        {
            Array.Resize(ref _starts, _count * 2);
            Array.Resize(ref _ends, _count * 2);
        }
        int tail = _count - index;
        if (tail > 0)
        {
            Array.Copy(_starts, index, _starts, index + 1, tail);
            Array.Copy(_ends, index, _ends, index + 1, tail);
        }
        _starts[index] = start;
        _ends[index] = end;
        _count++;
    }

    private void RemoveRange(int index, int length)
    {
        if (length <= 0)
            return;
        int tail = _count - index - length;
        if (tail > 0)
        {
            Array.Copy(_starts, index + length, _starts, index, tail);
            Array.Copy(_ends, index + length, _ends, index, tail);
        }
        _count -= length;
    }
}
