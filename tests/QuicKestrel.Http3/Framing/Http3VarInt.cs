using System.Buffers.Binary;

namespace QuicKestrel.Http3.Framing;

/// <summary>QUIC variable-length integers (RFC 9000 §16), which HTTP/3 uses for frame types, lengths, settings and stream types.</summary>
public static class Http3VarInt
{
    /// <summary>The largest encodable value, 2^62 − 1.</summary>
    public const ulong MaxValue = (1UL << 62) - 1;

    /// <summary>The longest encoding, 8 bytes.</summary>
    public const int MaxLength = 8;

    /// <summary>The encoded length of <paramref name="value"/>: 1, 2, 4 or 8 bytes.</summary>
    /// <param name="value">At most <see cref="MaxValue"/>.</param>
    /// <returns>The number of bytes.</returns>
    public static int GetLength(ulong value) => value switch
    {
        < 1UL << 6 => 1,
        < 1UL << 14 => 2,
        < 1UL << 30 => 4,
        <= MaxValue => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "A QUIC varint holds at most 2^62 - 1."),
    };

    /// <summary>Writes <paramref name="value"/> in its shortest encoding.</summary>
    /// <param name="destination">Room for <see cref="GetLength"/> bytes.</param>
    /// <param name="value">At most <see cref="MaxValue"/>.</param>
    /// <returns>The number of bytes written.</returns>
    public static int Write(Span<byte> destination, ulong value)
    {
        switch (GetLength(value))
        {
            case 1:
                destination[0] = (byte)value;
                return 1;
            case 2:
                BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)(value | 0x4000));
                return 2;
            case 4:
                BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)value | 0x8000_0000u);
                return 4;
            default:
                BinaryPrimitives.WriteUInt64BigEndian(destination, value | 0xC000_0000_0000_0000UL);
                return 8;
        }
    }

    /// <summary>Reads a varint from the start of <paramref name="source"/>.</summary>
    /// <param name="source">The input.</param>
    /// <param name="value">The value read.</param>
    /// <param name="length">The number of bytes it took.</param>
    /// <returns>False when <paramref name="source"/> is shorter than the encoding.</returns>
    public static bool TryRead(ReadOnlySpan<byte> source, out ulong value, out int length)
    {
        value = 0;
        length = 0;
        if (source.IsEmpty)
            return false;
        int size = 1 << (source[0] >> 6);
        if (source.Length < size)
            return false;
        value = (ulong)(source[0] & 0x3F);
        for (int i = 1; i < size; i++)
            value = (value << 8) | source[i];
        length = size;
        return true;
    }
}
