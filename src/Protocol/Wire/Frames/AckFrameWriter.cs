namespace QuicKestrel.Protocol.Wire;

/// <summary>
/// Writes ACK frames (RFC 9000 §19.3) from ranges ordered largest first, each separated from the
/// next by at least one missing packet. When the ranges do not all fit (room or
/// <c>maxRanges</c>), the oldest are left out, as RFC 9000 §13.2.4 permits.
/// </summary>
internal static class AckFrameWriter
{
    /// <summary>The ACK Delay field for a delay in microseconds and our ack_delay_exponent.</summary>
    public static ulong EncodeAckDelay(long delayMicros, int ackDelayExponent) =>
        delayMicros <= 0 ? 0 : (ulong)delayMicros >> ackDelayExponent;

    /// <summary>Size of the ACK frame writing the first min(ranges, <paramref name="maxRanges"/>) ranges.</summary>
    public static int GetEncodedLength(ReadOnlySpan<AckRange> ranges, ulong ackDelay, EcnCounts? ecnCounts, int maxRanges = int.MaxValue)
    {
        Validate(ranges, maxRanges);
        int count = Math.Min(ranges.Length, maxRanges);
        int length = GetFixedLength(ranges[0], ackDelay, ecnCounts) + VarInt.GetLength((ulong)(count - 1));
        for (int i = 1; i < count; i++)
            length += GetRangeLength(ranges[i - 1], ranges[i]);
        return length;
    }

    /// <summary>
    /// Writes an ACK frame with as many ranges as fit in <paramref name="destination"/> (at most
    /// <paramref name="maxRanges"/>); false only when not even the first range fits.
    /// </summary>
    public static bool TryWrite(
        Span<byte> destination, ReadOnlySpan<AckRange> ranges, ulong ackDelay, EcnCounts? ecnCounts,
        out int bytesWritten, out int rangesWritten, int maxRanges = int.MaxValue)
    {
        Validate(ranges, maxRanges);
        int count = CountRangesThatFit(destination.Length, ranges, ackDelay, ecnCounts, maxRanges);
        bytesWritten = 0;
        rangesWritten = count;
        if (count == 0)
            return false;

        var writer = new SpanWriter(destination);
        AckRange first = ranges[0];
        writer.TryWriteByte((byte)(ecnCounts.HasValue ? RawFrameTypes.AckEcn : (ulong)FrameType.Ack));
        writer.TryWriteVarInt((ulong)first.Largest);
        writer.TryWriteVarInt(ackDelay);
        writer.TryWriteVarInt((ulong)(count - 1));
        writer.TryWriteVarInt((ulong)(first.Largest - first.Smallest));
        for (int i = 1; i < count; i++)
        {
            writer.TryWriteVarInt((ulong)(ranges[i - 1].Smallest - ranges[i].Largest - 2));
            writer.TryWriteVarInt((ulong)(ranges[i].Largest - ranges[i].Smallest));
        }
        if (ecnCounts is { } ecn)
        {
            writer.TryWriteVarInt(ecn.Ect0);
            writer.TryWriteVarInt(ecn.Ect1);
            writer.TryWriteVarInt(ecn.Ce);
        }
        bytesWritten = writer.Position;
        return true;
    }

    private static int CountRangesThatFit(int room, ReadOnlySpan<AckRange> ranges, ulong ackDelay, EcnCounts? ecnCounts, int maxRanges)
    {
        int limit = Math.Min(ranges.Length, maxRanges);
        int fixedLength = GetFixedLength(ranges[0], ackDelay, ecnCounts);
        if (fixedLength + 1 > room)
            return 0;
        int count = 1;
        int rangesLength = 0;
        while (count < limit)
        {
            int next = rangesLength + GetRangeLength(ranges[count - 1], ranges[count]);
            if (fixedLength + VarInt.GetLength((ulong)count) + next > room)
                break;
            rangesLength = next;
            count++;
        }
        return count;
    }

    // Type, Largest Acknowledged, ACK Delay, First ACK Range and ECN counts: everything but the range count and further ranges.
    private static int GetFixedLength(AckRange first, ulong ackDelay, EcnCounts? ecnCounts)
    {
        int length = 1 + VarInt.GetLength((ulong)first.Largest) + VarInt.GetLength(ackDelay)
            + VarInt.GetLength((ulong)(first.Largest - first.Smallest));
        if (ecnCounts is { } ecn)
            length += VarInt.GetLength(ecn.Ect0) + VarInt.GetLength(ecn.Ect1) + VarInt.GetLength(ecn.Ce);
        return length;
    }

    private static int GetRangeLength(AckRange previous, AckRange range) =>
        VarInt.GetLength((ulong)(previous.Smallest - range.Largest - 2)) + VarInt.GetLength((ulong)(range.Largest - range.Smallest));

    private static void Validate(ReadOnlySpan<AckRange> ranges, int maxRanges)
    {
        if (ranges.IsEmpty || maxRanges < 1)
            throw new ArgumentException("An ACK frame has at least one range.", nameof(ranges));
        int count = Math.Min(ranges.Length, maxRanges);
        if (ranges[0].Smallest < 0 || ranges[0].Largest > PacketNumber.MaxValue)
            throw new ArgumentException("Packet numbers lie in [0, 2^62).", nameof(ranges));
        for (int i = 0; i < count; i++)
        {
            if (ranges[i].Smallest > ranges[i].Largest || ranges[i].Smallest < 0
                || (i > 0 && ranges[i].Largest > ranges[i - 1].Smallest - 2))
                throw new ArgumentException("ACK ranges must be ordered largest first with gaps between them.", nameof(ranges));
        }
    }
}
