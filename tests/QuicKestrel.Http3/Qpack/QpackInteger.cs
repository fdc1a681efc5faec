namespace QuicKestrel.Http3.Qpack;

/// <summary>
/// QPACK's prefixed integers (RFC 9204 §4.1.1, the HPACK encoding of RFC 7541 §5.1): an
/// N-bit prefix in the first byte, continued by 7-bit groups when it is all ones.
/// </summary>
public static class QpackInteger
{
    /// <summary>The largest value QPACK carries, 2^62 − 1.</summary>
    public const ulong MaxValue = (1UL << 62) - 1;

    /// <summary>The encoded length of <paramref name="value"/> with an N-bit prefix.</summary>
    /// <param name="value">The value.</param>
    /// <param name="prefixBits">N, 1 to 8.</param>
    /// <returns>The number of bytes.</returns>
    public static int GetEncodedLength(ulong value, int prefixBits)
    {
        ulong max = (1UL << prefixBits) - 1;
        if (value < max)
            return 1;
        int length = 2;
        for (value -= max; value >= 0x80; value >>= 7)
            length++;
        return length;
    }

    /// <summary>Writes <paramref name="value"/> with an N-bit prefix, keeping the first byte's higher bits from <paramref name="flags"/>.</summary>
    /// <param name="destination">Room for <see cref="GetEncodedLength"/> bytes.</param>
    /// <param name="value">The value.</param>
    /// <param name="prefixBits">N, 1 to 8.</param>
    /// <param name="flags">The bits above the prefix in the first byte.</param>
    /// <returns>The number of bytes written.</returns>
    public static int Write(Span<byte> destination, ulong value, int prefixBits, byte flags)
    {
        ulong max = (1UL << prefixBits) - 1;
        if (value < max)
        {
            destination[0] = (byte)(flags | (byte)value);
            return 1;
        }
        destination[0] = (byte)(flags | (byte)max);
        int written = 1;
        for (value -= max; value >= 0x80; value >>= 7)
            destination[written++] = (byte)(0x80 | (value & 0x7F));
        destination[written++] = (byte)value;
        return written;
    }

    /// <summary>Reads an integer with an N-bit prefix at <paramref name="offset"/>, ignoring the bits above the prefix.</summary>
    /// <param name="source">The input.</param>
    /// <param name="offset">Where the integer starts; advanced past it on success.</param>
    /// <param name="prefixBits">N, 1 to 8.</param>
    /// <param name="value">The value read.</param>
    /// <returns><see cref="QpackDecodeError.None"/>, <see cref="QpackDecodeError.Truncated"/> or <see cref="QpackDecodeError.IntegerOverflow"/>.</returns>
    public static QpackDecodeError Read(ReadOnlySpan<byte> source, ref int offset, int prefixBits, out ulong value)
    {
        value = 0;
        int position = offset;
        if (position >= source.Length)
            return QpackDecodeError.Truncated;
        ulong max = (1UL << prefixBits) - 1;
        ulong result = source[position++] & max;
        if (result == max)
        {
            for (int shift = 0; ; shift += 7)
            {
                if (position >= source.Length)
                    return QpackDecodeError.Truncated;
                byte next = source[position++];
                // 62 bits need at most 9 groups of 7; more, or a value past 2^62 − 1, is an overflow.
                if (shift > 56)
                    return QpackDecodeError.IntegerOverflow;
                result += (ulong)(next & 0x7F) << shift;
                if (result > MaxValue)
                    return QpackDecodeError.IntegerOverflow;
                if ((next & 0x80) == 0)
                    break;
            }
        }
        value = result;
        offset = position;
        return QpackDecodeError.None;
    }
}
