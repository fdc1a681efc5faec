using System.Diagnostics;

namespace QuicKestrel.Protocol.Runtime;

/// <summary>
/// A worker's timers: a binary min-heap of entries ordered by deadline, then by arming
/// order (equal deadlines fire first-armed first). Each entry knows its heap index, so
/// re-arming an owner moves its one timer in place (O(log n)) and cancelling removes it.
/// Single-threaded (the worker's).
/// </summary>
internal sealed class TimerHeap
{
    private TimerEntry[] _heap = new TimerEntry[16];
    private int _count;
    private long _nextSequence;

    public int Count => _count;

    /// <summary>The earliest deadline, or <see cref="MonotonicClock.Never"/> when nothing is armed.</summary>
    public long NextDeadline => _count == 0 ? MonotonicClock.Never : _heap[0].TimerDeadline;

    /// <summary>Arms, moves or (with <see cref="MonotonicClock.Never"/>) cancels the entry's timer.</summary>
    public void Set(TimerEntry entry, long deadline)
    {
        if (deadline == MonotonicClock.Never)
        {
            Remove(entry);
            return;
        }
        if (entry.TimerIndex < 0)
        {
            Insert(entry, deadline);
            return;
        }
        if (entry.TimerDeadline == deadline)
            return;
        long previous = entry.TimerDeadline;
        entry.TimerDeadline = deadline;
        entry.TimerSequence = _nextSequence++;
        if (deadline < previous)
            SiftUp(entry.TimerIndex);
        else
            SiftDown(entry.TimerIndex);
    }

    public void Remove(TimerEntry entry)
    {
        int index = entry.TimerIndex;
        if (index < 0)
            return;
        Debug.Assert(ReferenceEquals(_heap[index], entry), "entry belongs to another heap");
        Detach(entry);
        int last = --_count;
        if (index == last)
        {
            _heap[last] = null!;
            return;
        }
        Place(_heap[last], index);
        _heap[last] = null!;
        if (!SiftUp(index))
            SiftDown(index);
    }

    /// <summary>Takes the earliest entry if its deadline is at or before <paramref name="now"/>.</summary>
    public bool TryPopExpired(long now, out TimerEntry? entry)
    {
        if (_count == 0 || _heap[0].TimerDeadline > now)
        {
            entry = null;
            return false;
        }
        entry = _heap[0];
        Remove(entry);
        return true;
    }

    /// <summary>Disarms every entry.</summary>
    public void Clear()
    {
        for (int i = 0; i < _count; i++)
        {
            Detach(_heap[i]);
            _heap[i] = null!;
        }
        _count = 0;
    }

    private void Insert(TimerEntry entry, long deadline)
    {
        if (_count == _heap.Length)
            Array.Resize(ref _heap, _heap.Length * 2);
        entry.TimerDeadline = deadline;
        entry.TimerSequence = _nextSequence++;
        Place(entry, _count++);
        SiftUp(entry.TimerIndex);
    }

    private static void Detach(TimerEntry entry)
    {
        entry.TimerIndex = -1;
        entry.TimerDeadline = MonotonicClock.Never;
    }

    private void Place(TimerEntry entry, int index)
    {
        _heap[index] = entry;
        entry.TimerIndex = index;
    }

    private static bool Earlier(TimerEntry a, TimerEntry b) =>
        a.TimerDeadline < b.TimerDeadline || (a.TimerDeadline == b.TimerDeadline && a.TimerSequence < b.TimerSequence);

    /// <summary>Moves the entry at <paramref name="index"/> up while it is earlier than its parent; true if it moved.</summary>
    private bool SiftUp(int index)
    {
        TimerEntry entry = _heap[index];
        int start = index;
        while (index > 0)
        {
            int parent = (index - 1) >> 1;
            if (!Earlier(entry, _heap[parent]))
                break;
            Place(_heap[parent], index);
            index = parent;
        }
        Place(entry, index);
        return index != start;
    }

    private void SiftDown(int index)
    {
        TimerEntry entry = _heap[index];
        while (true)
        {
            int child = 2 * index + 1;
            if (child >= _count)
                break;
            if (child + 1 < _count && Earlier(_heap[child + 1], _heap[child]))
                child++;
            if (!Earlier(_heap[child], entry))
                break;
            Place(_heap[child], index);
            index = child;
        }
        Place(entry, index);
    }
}
