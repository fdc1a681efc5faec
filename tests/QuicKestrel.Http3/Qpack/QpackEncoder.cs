using System.Buffers;

namespace QuicKestrel.Http3.Qpack;

/// <summary>
/// Encodes QPACK field sections (RFC 9204 §4.5) without the dynamic table: a zero prefix
/// (Required Insert Count 0, Base 0), then per line an indexed static entry when the table
/// holds the exact line, a literal with a static name reference when it holds the name, or a
/// literal with a literal name. Strings are Huffman-encoded when enabled and shorter.
/// Values map each char to one octet (Latin-1); a char above U+00FF is an argument error.
/// </summary>
public sealed class QpackEncoder
{
    /// <summary>Creates an encoder.</summary>
    /// <param name="useHuffman">Huffman-encode literals when that makes them shorter.</param>
    public QpackEncoder(bool useHuffman = false) => UseHuffman = useHuffman;

    /// <summary>Whether literals are Huffman-encoded when that makes them shorter.</summary>
    public bool UseHuffman { get; }

    /// <summary>An upper bound of the encoded size of a section holding <paramref name="fields"/>.</summary>
    /// <param name="fields">The field lines.</param>
    /// <returns>The maximum number of bytes <see cref="Encode(ReadOnlySpan{Http3Field}, Span{byte})"/> writes.</returns>
    public static int GetMaxEncodedLength(ReadOnlySpan<Http3Field> fields)
    {
        int total = 2;
        foreach (Http3Field field in fields)
            total += 2 + 2 * 10 + field.Name.Length + field.Value.Length;
        return total;
    }

    /// <summary>Encodes a field section into <paramref name="destination"/>.</summary>
    /// <param name="fields">The field lines, in order.</param>
    /// <param name="destination">At least <see cref="GetMaxEncodedLength"/> bytes.</param>
    /// <returns>The number of bytes written.</returns>
    public int Encode(ReadOnlySpan<Http3Field> fields, Span<byte> destination)
    {
        destination[0] = 0; // Required Insert Count 0
        destination[1] = 0; // sign 0, Delta Base 0
        int written = 2;
        foreach (Http3Field field in fields)
            written += EncodeLine(field, destination.Slice(written));
        return written;
    }

    /// <summary>Encodes a field section into a new array of the exact size.</summary>
    /// <param name="fields">The field lines, in order.</param>
    /// <returns>The encoded section.</returns>
    public byte[] Encode(ReadOnlySpan<Http3Field> fields)
    {
        byte[] rented = ArrayPool<byte>.Shared.Rent(GetMaxEncodedLength(fields));
        int length = Encode(fields, rented);
        byte[] result = rented.AsSpan(0, length).ToArray();
        ArrayPool<byte>.Shared.Return(rented);
        return result;
    }

    private int EncodeLine(Http3Field field, Span<byte> destination)
    {
        if (QpackStaticTable.TryFindField(field, out int index))
            return QpackInteger.Write(destination, (ulong)index, 6, 0xC0); // 1 T=1 index
        if (QpackStaticTable.TryFindName(field.Name, out index))
        {
            int written = QpackInteger.Write(destination, (ulong)index, 4, 0x50); // 01 N=0 T=1 index
            return written + WriteString(field.Value, destination.Slice(written), 7, 0);
        }
        int nameLength = WriteString(field.Name, destination, 3, 0x20); // 001 N=0 H nameLength
        return nameLength + WriteString(field.Value, destination.Slice(nameLength), 7, 0);
    }

    // Writes H + length with an N-bit prefix (H is the bit above it), then the octets.
    private int WriteString(string text, Span<byte> destination, int prefixBits, byte flags)
    {
        Span<byte> raw = text.Length <= 512 ? stackalloc byte[text.Length] : new byte[text.Length];
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c > 0xFF)
                throw new ArgumentException($"Field text must be Latin-1; found U+{(int)c:X4}.", nameof(text));
            raw[i] = (byte)c;
        }
        int huffmanLength = UseHuffman ? Huffman.GetEncodedLength(raw) : int.MaxValue;
        if (huffmanLength < raw.Length)
        {
            int written = QpackInteger.Write(destination, (ulong)huffmanLength, prefixBits, (byte)(flags | (1 << prefixBits)));
            return written + Huffman.Encode(raw, destination.Slice(written));
        }
        int headerLength = QpackInteger.Write(destination, (ulong)raw.Length, prefixBits, flags);
        raw.CopyTo(destination.Slice(headerLength));
        return headerLength + raw.Length;
    }
}
