using System.Buffers.Binary;

namespace QuicKestrel.Protocol.Wire;

/// <summary>
/// QUIC variable-length integers (RFC 9000 §16): the two high bits of the first byte give
/// the length (1, 2, 4 or 8 bytes), the remaining bits hold the value in network byte order.
/// </summary>
internal static class VarInt
{
    /// <summary>The largest encodable value, 2^62-1.</summary>
    public const ulong MaxValue = (1UL << 62) - 1;

    /// <summary>The longest encoding in bytes.</summary>
    public const int MaxLength = 8;

    public const ulong MaxOneByte = 63;
    public const ulong MaxTwoBytes = 16_383;
    public const ulong MaxFourBytes = 1_073_741_823;

    /// <summary>The minimal encoded length of <paramref name="value"/> (a programming error above 2^62-1).</summary>
    public static int GetLength(ulong value)
    {
        if (value <= MaxOneByte)
            return 1;
        if (value <= MaxTwoBytes)
            return 2;
        if (value <= MaxFourBytes)
            return 4;
        if (value <= MaxValue)
            return 8;
        throw new ArgumentOutOfRangeException(nameof(value), "Values above 2^62-1 cannot be encoded.");
    }

    /// <summary>The encoded length announced by a varint's first byte.</summary>
    public static int GetLengthFromFirstByte(byte firstByte) => 1 << (firstByte >> 6);

    /// <summary>Reads one varint; false when <paramref name="source"/> is too short.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out ulong value, out int bytesRead)
    {
        if (source.IsEmpty)
            return Fail(out value, out bytesRead);
        int length = GetLengthFromFirstByte(source[0]);
        if (source.Length < length)
            return Fail(out value, out bytesRead);
        value = length switch
        {
            1 => source[0] & 0x3fUL,
            2 => BinaryPrimitives.ReadUInt16BigEndian(source) & 0x3fffUL,
            4 => BinaryPrimitives.ReadUInt32BigEndian(source) & 0x3fff_ffffUL,
            _ => BinaryPrimitives.ReadUInt64BigEndian(source) & MaxValue,
        };
        bytesRead = length;
        return true;
    }

    /// <summary>Writes <paramref name="value"/> in its minimal form; false when it does not fit.</summary>
    public static bool TryWrite(Span<byte> destination, ulong value, out int bytesWritten)
    {
        int length = GetLength(value);
        if (destination.Length < length)
        {
            bytesWritten = 0;
            return false;
        }
        WriteWithLength(destination, value, length);
        bytesWritten = length;
        return true;
    }

    /// <summary>Writes <paramref name="value"/> minimally into a destination known to be large enough.</summary>
    public static int Write(Span<byte> destination, ulong value)
    {
        int length = GetLength(value);
        WriteWithLength(destination, value, length);
        return length;
    }

    /// <summary>
    /// Writes <paramref name="value"/> using exactly <paramref name="length"/> bytes (1, 2, 4 or 8),
    /// e.g. for a Length field reserved before the payload size is known. RFC 9000 §16 allows
    /// non-minimal encodings except for frame types.
    /// </summary>
    public static void WriteWithLength(Span<byte> destination, ulong value, int length)
    {
        if (length is not (1 or 2 or 4 or 8))
            throw new ArgumentOutOfRangeException(nameof(length), "A varint is 1, 2, 4 or 8 bytes long.");
        if (GetLength(value) > length)
            throw new ArgumentOutOfRangeException(nameof(value), "The value does not fit the requested length.");
        switch (length)
        {
            case 1:
                destination[0] = (byte)value;
                break;
            case 2:
                BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)(value | 0x4000));
                break;
            case 4:
                BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)value | 0x8000_0000);
                break;
            default:
                BinaryPrimitives.WriteUInt64BigEndian(destination, value | 0xc000_0000_0000_0000);
                break;
        }
    }

    private static bool Fail(out ulong value, out int bytesRead)
    {
        value = 0;
        bytesRead = 0;
        return false;
    }
}
