namespace QuicKestrel.Protocol.Wire;

/// <summary>An inclusive range of acknowledged packet numbers.</summary>
internal readonly record struct AckRange(long Smallest, long Largest)
{
    public long Count => Largest - Smallest + 1;
}

/// <summary>ECN counts of an ACK frame of type 0x03 (RFC 9000 §19.3.2).</summary>
internal readonly record struct EcnCounts(ulong Ect0, ulong Ect1, ulong Ce);

/// <summary>
/// Walks the ranges of a parsed ACK frame from the largest down, without allocating. The
/// frame was validated at parse time, so every range here lies within [0, largest].
/// </summary>
internal ref struct AckRangeEnumerator
{
    private SpanReader _reader;
    private readonly long _largest;
    private readonly ulong _firstRange;
    private int _remaining;
    private bool _started;

    internal AckRangeEnumerator(long largest, ulong firstRange, int additionalRanges, ReadOnlySpan<byte> rangeBytes)
    {
        _reader = new SpanReader(rangeBytes);
        _largest = largest;
        _firstRange = firstRange;
        _remaining = additionalRanges;
        _started = false;
        Current = default;
    }

    public AckRange Current { get; private set; }

    public readonly AckRangeEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        if (!_started)
        {
            _started = true;
            Current = new AckRange(_largest - (long)_firstRange, _largest);
            return true;
        }
        if (_remaining == 0 || !_reader.TryReadVarInt(out ulong gap) || !_reader.TryReadVarInt(out ulong length))
            return false;
        _remaining--;
        // RFC 9000 §19.3.1: the next largest is gap + 2 below the previous smallest.
        long largest = Current.Smallest - (long)gap - 2;
        Current = new AckRange(largest - (long)length, largest);
        return true;
    }
}
