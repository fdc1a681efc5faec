using System.Numerics;
using System.Runtime.CompilerServices;

namespace QuicKestrel.Protocol.Runtime;

/// <summary>
/// A single-threaded FIFO over a power-of-two array that doubles when full, so a steady
/// state reuses its slots and allocates nothing. Dequeued slots are cleared when T holds
/// references, so the ring never keeps garbage alive.
/// </summary>
internal sealed class RingBuffer<T>
{
    private T[] _items;
    private int _head;
    private int _count;

    public RingBuffer(int initialCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(initialCapacity);
        _items = new T[(int)BitOperations.RoundUpToPowerOf2((uint)initialCapacity)];
    }

    public int Count => _count;
    public int Capacity => _items.Length;

    public void Enqueue(in T item)
    {
        if (_count == _items.Length)
            Grow();
        _items[(_head + _count) & (_items.Length - 1)] = item;
        _count++;
    }

    public bool TryDequeue(out T item)
    {
        if (_count == 0)
        {
            item = default!;
            return false;
        }
        item = _items[_head];
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
            _items[_head] = default!;
        _head = (_head + 1) & (_items.Length - 1);
        _count--;
        return true;
    }

    private void Grow()
    {
        var larger = new T[_items.Length * 2];
        int firstPart = Math.Min(_count, _items.Length - _head);
        Array.Copy(_items, _head, larger, 0, firstPart);
        Array.Copy(_items, 0, larger, firstPart, _count - firstPart);
        _items = larger;
        _head = 0;
    }
}
