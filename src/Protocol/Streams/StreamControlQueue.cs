namespace QuicKestrel.Protocol.Streams;

/// <summary>
/// Streams with control frames to send (RESET_STREAM, STOP_SENDING, MAX_STREAM_DATA,
/// STREAM_DATA_BLOCKED), first come first served. Intrusive doubly-linked list.
/// </summary>
internal sealed class StreamControlQueue
{
    private QuicStream? _head, _tail;

    public QuicStream? Head => _head;

    public int Count { get; private set; }

    public void Enqueue(QuicStream stream)
    {
        if (stream.InControlQueue)
            return;
        stream.ControlPrev = _tail;
        stream.ControlNext = null;
        if (_tail is null)
            _head = stream;
        else
            _tail.ControlNext = stream;
        _tail = stream;
        stream.InControlQueue = true;
        Count++;
    }

    public void Remove(QuicStream stream)
    {
        if (!stream.InControlQueue)
            return;
        if (stream.ControlPrev is null)
            _head = stream.ControlNext;
        else
            stream.ControlPrev.ControlNext = stream.ControlNext;
        if (stream.ControlNext is null)
            _tail = stream.ControlPrev;
        else
            stream.ControlNext.ControlPrev = stream.ControlPrev;
        stream.ControlNext = stream.ControlPrev = null;
        stream.InControlQueue = false;
        Count--;
    }
}
