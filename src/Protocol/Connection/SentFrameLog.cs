namespace QuicKestrel.Protocol.Connection;

/// <summary>
/// The frames of every packet in flight, in one ring of <see cref="SentFrame"/> structs. A packet's
/// frames are a contiguous run; the run's position and length form the token stored in the
/// packet's recovery record (<see cref="Recovery.SentPacket.FramesToken"/>). When a packet is
/// acknowledged, lost or discarded its run is released; the ring's head advances over released
/// runs, so it only grows when more frames are in flight than ever before.
/// </summary>
internal sealed class SentFrameLog
{
    private const int CountBits = 16;
    private const long CountMask = (1L << CountBits) - 1;

    /// <summary>Most frames one packet may record.</summary>
    public const int MaxFramesPerPacket = (int)CountMask;

    private SentFrame[] _ring = new SentFrame[256];
    private long _head;   // absolute index of the oldest slot still in use
    private long _tail;   // absolute index of the next free slot
    private long _packetStart;

    /// <summary>Absolute position of the oldest slot still in use.</summary>
    public long Head => _head;

    /// <summary>Absolute position of the next free slot.</summary>
    public long Tail => _tail;

    /// <summary>Slots between head and tail (released ones included).</summary>
    public int Count => (int)(_tail - _head);

    /// <summary>Starts recording the frames of a new packet.</summary>
    public void BeginPacket() => _packetStart = _tail;

    /// <summary>Frames recorded since <see cref="BeginPacket"/>.</summary>
    public int PacketFrameCount => (int)(_tail - _packetStart);

    public void Add(in SentFrame frame)
    {
        if (PacketFrameCount >= MaxFramesPerPacket)
            throw new InvalidOperationException("Too many frames in one packet.");
        if (Count == _ring.Length)
            Grow();
        _ring[(int)(_tail & (_ring.Length - 1))] = frame;
        _tail++;
    }

    /// <summary>Ends the packet and returns its token.</summary>
    public long EndPacket() => (_packetStart << CountBits) | (_tail - _packetStart);

    /// <summary>Forgets the frames recorded since <see cref="BeginPacket"/> (the packet was not sent).</summary>
    public void AbandonPacket()
    {
        for (long i = _packetStart; i < _tail; i++)
            _ring[(int)(i & (_ring.Length - 1))] = default;
        _tail = _packetStart;
    }

    /// <summary>Where a packet's frames are: iterate positions [start, start + count) with the indexer.</summary>
    public static void Decode(long token, out long start, out int count)
    {
        start = token >> CountBits;
        count = (int)(token & CountMask);
    }

    /// <summary>The frame at absolute position <paramref name="position"/>.</summary>
    public ref SentFrame this[long position] => ref _ring[(int)(position & (_ring.Length - 1))];

    /// <summary>Releases a packet's frames (acknowledged, lost or discarded).</summary>
    public void Release(long token)
    {
        Decode(token, out long start, out int count);
        for (long i = start; i < start + count; i++)
        {
            if (i >= _head && i < _tail)
                this[i] = default;
        }
        while (_head < _tail && this[_head].Kind == SentFrameKind.None)
            _head++;
    }

    private void Grow()
    {
        var bigger = new SentFrame[_ring.Length * 2];
        for (long i = _head; i < _tail; i++)
            bigger[(int)(i & (bigger.Length - 1))] = this[i];
        _ring = bigger;
    }
}
