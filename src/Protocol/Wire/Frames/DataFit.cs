namespace QuicKestrel.Protocol.Wire;

/// <summary>How much data fits after a frame header, allowing for the Length field's own size.</summary>
internal static class DataFit
{
    /// <summary>
    /// Largest data length ≤ <paramref name="available"/> that fits in <paramref name="roomAfterHeader"/>
    /// bytes together with its Length varint when <paramref name="withLength"/>; -1 when nothing fits.
    /// </summary>
    public static int MaxDataLength(int roomAfterHeader, int available, bool withLength)
    {
        if (available < 0)
            throw new ArgumentOutOfRangeException(nameof(available));
        if (!withLength)
            return roomAfterHeader < 0 ? -1 : Math.Min(available, roomAfterHeader);
        // Each Length size caps the data at the largest value it can encode; the best fit may use
        // a shorter field and leave a byte unused (16383 data with a 2-byte Length beats 16382 with 4).
        int best = -1;
        foreach (int lengthSize in (ReadOnlySpan<int>)[1, 2, 4, 8])
        {
            long data = Math.Min(Math.Min(available, roomAfterHeader - lengthSize), LargestEncodable(lengthSize));
            if (data > best)
                best = (int)data;
        }
        return best;
    }

    private static long LargestEncodable(int varIntLength) => varIntLength switch
    {
        1 => 63,
        2 => 16_383,
        4 => 1_073_741_823,
        _ => long.MaxValue,
    };
}
