namespace QuicKestrel.Protocol.Wire;

/// <summary>A parsed ACK frame (RFC 9000 §19.3); write one with <see cref="AckFrameWriter"/>.</summary>
internal readonly ref struct AckFrame
{
    private readonly ReadOnlySpan<byte> _rangeBytes;

    internal AckFrame(
        long largestAcknowledged, ulong ackDelay, ulong firstAckRange, int additionalRangeCount,
        ReadOnlySpan<byte> rangeBytes, bool hasEcnCounts, EcnCounts ecnCounts)
    {
        LargestAcknowledged = largestAcknowledged;
        AckDelay = ackDelay;
        FirstAckRange = firstAckRange;
        AdditionalRangeCount = additionalRangeCount;
        _rangeBytes = rangeBytes;
        HasEcnCounts = hasEcnCounts;
        EcnCounts = ecnCounts;
    }

    public long LargestAcknowledged { get; }

    /// <summary>The encoded ACK Delay: microseconds divided by 2^ack_delay_exponent (see <see cref="GetAckDelayMicros"/>).</summary>
    public ulong AckDelay { get; }

    /// <summary>Packets below <see cref="LargestAcknowledged"/> acknowledged in the first range.</summary>
    public ulong FirstAckRange { get; }

    /// <summary>The ACK Range Count field: ranges after the first.</summary>
    public int AdditionalRangeCount { get; }

    /// <summary>True for type 0x03; then <see cref="EcnCounts"/> holds the counts.</summary>
    public bool HasEcnCounts { get; }

    public EcnCounts EcnCounts { get; }

    /// <summary>Every acknowledged range, largest first, starting with the first ACK range.</summary>
    public AckRangeEnumerator Ranges => new(LargestAcknowledged, FirstAckRange, AdditionalRangeCount, _rangeBytes);

    /// <summary>The ACK delay in microseconds for the peer's ack_delay_exponent (saturating, RFC 9000 §19.3).</summary>
    public long GetAckDelayMicros(int ackDelayExponent)
    {
        if (AckDelay > (ulong)(long.MaxValue >> ackDelayExponent))
            return long.MaxValue;
        return (long)AckDelay << ackDelayExponent;
    }

    /// <summary>
    /// Parses the body of an ACK frame. RFC 9000 §19.3.1: a range reaching below packet number 0
    /// is a FRAME_ENCODING_ERROR; so is a truncated frame.
    /// </summary>
    internal static bool TryRead(scoped ref SpanReader reader, ulong rawType, out Frame frame, out QuicError error)
    {
        if (!reader.TryReadVarInt(out ulong largest)
            || !reader.TryReadVarInt(out ulong ackDelay)
            || !reader.TryReadVarInt(out ulong rangeCount)
            || !reader.TryReadVarInt(out ulong firstRange))
            return FrameParse.Fail(rawType, FrameParse.Truncated, out frame, out error);
        if (firstRange > largest)
            return FrameParse.Fail(rawType, "ACK range below packet number 0", out frame, out error);
        // Each further range takes at least two bytes; this also bounds the loop below.
        if (rangeCount > (ulong)reader.Remaining / 2)
            return FrameParse.Fail(rawType, FrameParse.Truncated, out frame, out error);

        int rangesStart = reader.Position;
        long smallest = (long)(largest - firstRange);
        for (ulong i = 0; i < rangeCount; i++)
        {
            if (!reader.TryReadVarInt(out ulong gap) || !reader.TryReadVarInt(out ulong length))
                return FrameParse.Fail(rawType, FrameParse.Truncated, out frame, out error);
            if (gap + 2 > (ulong)smallest)
                return FrameParse.Fail(rawType, "ACK range below packet number 0", out frame, out error);
            long nextLargest = smallest - (long)gap - 2;
            if (length > (ulong)nextLargest)
                return FrameParse.Fail(rawType, "ACK range below packet number 0", out frame, out error);
            smallest = nextLargest - (long)length;
        }
        ReadOnlySpan<byte> rangeBytes = reader.Buffer[rangesStart..reader.Position];

        ulong ect0 = 0, ect1 = 0, ce = 0;
        if (rawType == RawFrameTypes.AckEcn
            && !(reader.TryReadVarInt(out ect0) && reader.TryReadVarInt(out ect1) && reader.TryReadVarInt(out ce)))
            return FrameParse.Fail(rawType, FrameParse.Truncated, out frame, out error);

        var parsed = new Frame(FrameType.Ack, rawType, largest, ackDelay, firstRange, rangeCount, ect0, ect1, ce, rangeBytes);
        return FrameParse.Succeed(parsed, out frame, out error);
    }
}
