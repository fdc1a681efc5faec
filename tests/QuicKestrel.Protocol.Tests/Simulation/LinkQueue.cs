using System.Runtime.CompilerServices;

namespace QuicKestrel.Protocol.Tests.Simulation;

/// <summary>
/// The sending side of one link direction: a serialiser at the link's bandwidth with a
/// drop-tail queue in front. Kept in nanoseconds so fast links do not accumulate rounding
/// (1200 bytes at 1 Gbit/s take 9.6 µs). Needs no events of its own: each entry remembers
/// when its serialisation starts, and entries whose start has passed have left the queue.
/// </summary>
internal sealed class LinkQueue
{
    private long[] _startNs = new long[32];
    private int[] _bytes = new int[32];
    private int _head;
    private int _count;
    private long _queuedBytes;
    private long _busyUntilNs;

    /// <summary>Datagrams waiting (not yet being serialised).</summary>
    public int Packets => _count;

    public long Bytes => _queuedBytes;

    /// <summary>
    /// Accepts a datagram offered at <paramref name="nowMicros"/> unless the queue is full.
    /// <paramref name="waitingAhead"/> is how many datagrams it found waiting.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryEnqueue(long nowMicros, int length, LinkOptions options, out long finishNs, out int waitingAhead)
    {
        long nowNs = nowMicros * 1000;
        ReleaseStarted(nowNs);
        waitingAhead = _count;
        long startNs = Math.Max(nowNs, _busyUntilNs);
        if (startNs > nowNs)
        {
            if (_count >= options.QueuePackets || (options.QueueBytes is { } limit && _queuedBytes + length > limit))
            {
                finishNs = 0;
                return false;
            }
            Push(startNs, length);
        }
        finishNs = startNs + SerialisationNanos(length, options.BandwidthBitsPerSecond);
        _busyUntilNs = finishNs;
        return true;
    }

    /// <summary>Time to put <paramref name="length"/> bytes on the wire, rounded up to whole nanoseconds.</summary>
    public static long SerialisationNanos(int length, long bitsPerSecond) =>
        bitsPerSecond <= 0 ? 0 : (length * 8_000_000_000L + bitsPerSecond - 1) / bitsPerSecond;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ReleaseStarted(long nowNs)
    {
        while (_count > 0 && _startNs[_head] <= nowNs)
        {
            _queuedBytes -= _bytes[_head];
            _head = (_head + 1) & (_startNs.Length - 1);
            _count--;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Push(long startNs, int length)
    {
        if (_count == _startNs.Length)
            Grow();
        int tail = (_head + _count) & (_startNs.Length - 1);
        _startNs[tail] = startNs;
        _bytes[tail] = length;
        _count++;
        _queuedBytes += length;
    }

    private void Grow()
    {
        var starts = new long[_startNs.Length * 2];
        var bytes = new int[starts.Length];
        for (int i = 0; i < _count; i++)
        {
            int from = (_head + i) & (_startNs.Length - 1);
            starts[i] = _startNs[from];
            bytes[i] = _bytes[from];
        }
        _startNs = starts;
        _bytes = bytes;
        _head = 0;
    }
}
