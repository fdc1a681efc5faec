using System.Net;
using System.Runtime.CompilerServices;

namespace QuicKestrel.Protocol.Tests.Simulation.Fakes;

/// <summary>
/// Receives <see cref="TestPayload"/> datagrams and counts what arrived: bytes, duplicates,
/// reordering, corruption, CE marks and the lengths of gaps (loss runs). Allocates nothing per
/// datagram; sequence numbers below <c>capacity</c> are tracked individually.
/// </summary>
internal sealed class CountingSink(int capacity) : ISimNode
{
    private readonly bool[] _seen = new bool[capacity];
    private readonly long[] _gapLengths = new long[64];
    private ulong _nextExpected;
    private long _highest = -1;

    public long Datagrams { get; private set; }
    public long Bytes { get; private set; }
    public long Unique { get; private set; }
    public long Duplicates { get; private set; }
    public long Reordered { get; private set; }
    public long Corrupted { get; private set; }
    public long CeMarked { get; private set; }
    public long FirstArrival { get; private set; } = -1;
    public long LastArrival { get; private set; }

    /// <summary>How many gaps (runs of missing sequence numbers, in arrival order) had each length; the last slot collects longer ones.</summary>
    public IReadOnlyList<long> GapLengths => _gapLengths;

    public bool HasSeen(long sequence) => _seen[sequence];

    /// <summary>Payload bits per second between the first and the last arrival (the first datagram's bytes excluded).</summary>
    public double GoodputBitsPerSecond(int datagramBytes) =>
        LastArrival <= FirstArrival ? 0 : (Bytes - datagramBytes) * 8.0 * 1_000_000 / (LastArrival - FirstArrival);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void HandleDatagram(long now, Span<byte> datagram, IPEndPoint from, IPEndPoint to, EcnCodepoint ecn)
    {
        Datagrams++;
        Bytes += datagram.Length;
        if (FirstArrival < 0)
            FirstArrival = now;
        LastArrival = now;
        if (ecn == EcnCodepoint.Ce)
            CeMarked++;
        if (!TestPayload.TryRead(datagram, out ulong sequence) || sequence >= (ulong)_seen.Length)
        {
            Corrupted++;
            return;
        }
        Track(sequence);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Track(ulong sequence)
    {
        if (_seen[sequence])
        {
            Duplicates++;
            return;
        }
        _seen[sequence] = true;
        Unique++;
        if ((long)sequence < _highest)
            Reordered++;
        _highest = Math.Max(_highest, (long)sequence);
        if (sequence >= _nextExpected)
        {
            ulong gap = sequence - _nextExpected;
            if (gap > 0)
                _gapLengths[(int)Math.Min(gap, (ulong)_gapLengths.Length - 1)]++;
            _nextExpected = sequence + 1;
        }
    }

    public bool PollTransmit(long now, Span<byte> buffer, out SimTransmit transmit)
    {
        transmit = default;
        return false;
    }

    public long? NextTimeout() => null;

    public void HandleTimeout(long now)
    {
    }
}
