using System.Runtime.CompilerServices;

namespace QuicKestrel.Protocol.Tests.Simulation;

internal enum SimEventKind : byte
{
    Deliver,
    Timer,
    Action,
}

internal struct SimEvent
{
    public long Time;
    public long Sequence;
    public SimEventKind Kind;
    public int Target;
    public int Generation;
}

/// <summary>
/// Binary min-heap of events ordered by time, then by insertion order, so events due at the
/// same instant run first-in first-out and every run repeats exactly.
/// </summary>
internal sealed class SimEventQueue
{
    private SimEvent[] _heap = new SimEvent[1024];
    private int _count;
    private long _nextSequence;

    public int Count => _count;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Push(long time, SimEventKind kind, int target, int generation = 0)
    {
        if (_count == _heap.Length)
            Array.Resize(ref _heap, _heap.Length * 2);
        var item = new SimEvent { Time = time, Sequence = _nextSequence++, Kind = kind, Target = target, Generation = generation };
        int i = _count++;
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (!Earlier(item, _heap[parent]))
                break;
            _heap[i] = _heap[parent];
            i = parent;
        }
        _heap[i] = item;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryPeekTime(out long time)
    {
        time = _count > 0 ? _heap[0].Time : 0;
        return _count > 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public SimEvent Pop()
    {
        if (_count == 0)
            throw new InvalidOperationException("The event queue is empty.");
        SimEvent top = _heap[0];
        SimEvent last = _heap[--_count];
        int i = 0;
        while (true)
        {
            int child = 2 * i + 1;
            if (child >= _count)
                break;
            if (child + 1 < _count && Earlier(_heap[child + 1], _heap[child]))
                child++;
            if (!Earlier(_heap[child], last))
                break;
            _heap[i] = _heap[child];
            i = child;
        }
        if (_count > 0)
            _heap[i] = last;
        return top;
    }

    private static bool Earlier(in SimEvent a, in SimEvent b) =>
        a.Time < b.Time || (a.Time == b.Time && a.Sequence < b.Sequence);
}
