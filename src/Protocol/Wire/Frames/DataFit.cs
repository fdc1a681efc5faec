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
        // Try the shortest Length field first: the first size that works leaves the most room for data.
        foreach (int lengthSize in (ReadOnlySpan<int>)[1, 2, 4, 8])
        {
            int data = Math.Min(available, roomAfterHeader - lengthSize);
            if (data < 0)
                return -1;
            if (VarInt.GetLength((ulong)data) <= lengthSize)
                return data;
        }
        return -1;
    }
}
