namespace QuicKestrel.Protocol.Streams;

/// <summary>
/// Streams with data to send, ordered by priority (higher first) and round-robin within a
/// priority: a stream that was just served moves behind the others of its priority. An
/// intrusive doubly-linked list through <see cref="QuicStream"/>, so nothing allocates.
/// Insertion walks back from the tail over lower priorities only, so it is O(1) when all
/// streams share a priority.
/// </summary>
internal sealed class StreamSendQueue
{
    private QuicStream? _head, _tail;

    public QuicStream? Head => _head;

    public int Count { get; private set; }

    public void Enqueue(QuicStream stream)
    {
        if (stream.InSendQueue)
            return;
        QuicStream? after = _tail;
        while (after is not null && after.Priority < stream.Priority)
            after = after.SendPrev;
        stream.SendPrev = after;
        stream.SendNext = after is null ? _head : after.SendNext;
        if (stream.SendNext is null)
            _tail = stream;
        else
            stream.SendNext.SendPrev = stream;
        if (after is null)
            _head = stream;
        else
            after.SendNext = stream;
        stream.InSendQueue = true;
        Count++;
    }

    public void Remove(QuicStream stream)
    {
        if (!stream.InSendQueue)
            return;
        if (stream.SendPrev is null)
            _head = stream.SendNext;
        else
            stream.SendPrev.SendNext = stream.SendNext;
        if (stream.SendNext is null)
            _tail = stream.SendPrev;
        else
            stream.SendNext.SendPrev = stream.SendPrev;
        stream.SendNext = stream.SendPrev = null;
        stream.InSendQueue = false;
        Count--;
    }

    /// <summary>Moves a served stream behind the other streams of its priority (round-robin).</summary>
    public void Rotate(QuicStream stream)
    {
        if (!stream.InSendQueue || stream.SendNext is null || stream.SendNext.Priority < stream.Priority)
            return;
        Remove(stream);
        Enqueue(stream);
    }
}
