namespace QuicKestrel.Protocol.Streams;

/// <summary>A FIFO of value-type events in a ring buffer that only grows (no steady-state allocation).</summary>
internal sealed class EventRing<T> where T : struct
{
    private T[] _items;
    private int _head;
    private int _count;

    public EventRing(int initialCapacity = 16) => _items = new T[Math.Max(2, initialCapacity)];

    public int Count => _count;

    public void Enqueue(in T item)
    {
        if (_count == _items.Length)
            Grow();
        _items[(_head + _count) % _items.Length] = item;
        _count++;
    }

    public bool TryDequeue(out T item)
    {
        if (_count == 0)
        {
            item = default;
            return false;
        }
        item = _items[_head];
        _items[_head] = default;
        _head = (_head + 1) % _items.Length;
        _count--;
        return true;
    }

    public void Clear()
    {
        Array.Clear(_items);
        _head = 0;
        _count = 0;
    }

    private void Grow()
    {
        var items = new T[_items.Length * 2];
        for (int i = 0; i < _count; i++)
            items[i] = _items[(_head + i) % _items.Length];
        _items = items;
        _head = 0;
    }
}
