using System.Text;

namespace QuicKestrel.Http3.Qpack;

/// <summary>
/// Decodes QPACK field sections (RFC 9204 §4.5) for an endpoint that advertises a dynamic
/// table capacity of 0 (SETTINGS_QPACK_MAX_TABLE_CAPACITY = 0, BLOCKED_STREAMS = 0): only the
/// static table and literals are valid; any dynamic-table use is an error. Malformed input
/// yields a <see cref="QpackDecodeError"/>, never an exception. One instance reuses a scratch
/// buffer for Huffman strings, so it is not thread-safe; use one per connection.
/// </summary>
public sealed class QpackDecoder
{
    /// <summary>The default limit on a decoded field section, 64 KiB (also what our endpoints advertise).</summary>
    public const int DefaultMaxFieldSectionSize = 64 * 1024;

    // RFC 9114 §4.2.2: each field line counts its name and value lengths plus 32.
    private const int FieldLineOverhead = 32;

    private byte[] _scratch = new byte[256];

    /// <summary>Creates a decoder.</summary>
    /// <param name="maxFieldSectionSize">The largest accepted decoded size of a section (RFC 9114 §4.2.2).</param>
    public QpackDecoder(int maxFieldSectionSize = DefaultMaxFieldSectionSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxFieldSectionSize);
        MaxFieldSectionSize = maxFieldSectionSize;
    }

    /// <summary>The largest accepted decoded size of a section.</summary>
    public int MaxFieldSectionSize { get; }

    /// <summary>Decodes one encoded field section, appending its lines to <paramref name="fields"/>.</summary>
    /// <param name="fieldSection">The payload of a HEADERS frame.</param>
    /// <param name="fields">Receives the field lines in order (partially filled on error).</param>
    /// <returns><see cref="QpackDecodeError.None"/> or why the section is invalid.</returns>
    public QpackDecodeError Decode(ReadOnlySpan<byte> fieldSection, List<Http3Field> fields)
    {
        int offset = 0;
        QpackDecodeError error = ReadPrefix(fieldSection, ref offset);
        long size = 0;
        while (error == QpackDecodeError.None && offset < fieldSection.Length)
        {
            error = ReadFieldLine(fieldSection, ref offset, out Http3Field field);
            if (error != QpackDecodeError.None)
                break;
            size += field.Name.Length + field.Value.Length + FieldLineOverhead;
            if (size > MaxFieldSectionSize)
                return QpackDecodeError.FieldSectionTooLarge;
            fields.Add(field);
        }
        return error;
    }

    // RFC 9204 §4.5.1: Required Insert Count (8-bit prefix), then sign bit and Delta Base (7-bit prefix).
    private static QpackDecodeError ReadPrefix(ReadOnlySpan<byte> source, ref int offset)
    {
        QpackDecodeError error = QpackInteger.Read(source, ref offset, 8, out ulong encodedInsertCount);
        if (error != QpackDecodeError.None)
            return error;
        // §4.5.1.1: with MaxEntries 0 (capacity 0) only an encoded count of 0 is valid.
        if (encodedInsertCount != 0)
            return QpackDecodeError.DynamicTableReference;
        // The Base is meaningless without dynamic references; it is read and ignored.
        return QpackInteger.Read(source, ref offset, 7, out _);
    }

    private QpackDecodeError ReadFieldLine(ReadOnlySpan<byte> source, ref int offset, out Http3Field field)
    {
        field = default;
        byte first = source[offset];
        if ((first & 0x80) != 0)
            return ReadIndexed(source, ref offset, out field);
        if ((first & 0xC0) == 0x40)
            return ReadLiteralWithNameReference(source, ref offset, out field);
        if ((first & 0xE0) == 0x20)
            return ReadLiteralWithLiteralName(source, ref offset, out field);
        // 0001xxxx indexed post-base, 0000xxxx literal with post-base name: dynamic table only (§4.5.3, §4.5.5).
        return QpackDecodeError.DynamicTableReference;
    }

    // §4.5.2: 1 T index(6).
    private static QpackDecodeError ReadIndexed(ReadOnlySpan<byte> source, ref int offset, out Http3Field field)
    {
        field = default;
        bool isStatic = (source[offset] & 0x40) != 0;
        QpackDecodeError error = QpackInteger.Read(source, ref offset, 6, out ulong index);
        if (error != QpackDecodeError.None)
            return error;
        if (!isStatic)
            return QpackDecodeError.DynamicTableReference;
        if (index >= (ulong)QpackStaticTable.Count)
            return QpackDecodeError.InvalidStaticIndex;
        field = QpackStaticTable.Get((int)index);
        return QpackDecodeError.None;
    }

    // §4.5.4: 01 N T index(4), then the value.
    private QpackDecodeError ReadLiteralWithNameReference(ReadOnlySpan<byte> source, ref int offset, out Http3Field field)
    {
        field = default;
        bool isStatic = (source[offset] & 0x10) != 0;
        QpackDecodeError error = QpackInteger.Read(source, ref offset, 4, out ulong index);
        if (error != QpackDecodeError.None)
            return error;
        if (!isStatic)
            return QpackDecodeError.DynamicTableReference;
        if (index >= (ulong)QpackStaticTable.Count)
            return QpackDecodeError.InvalidStaticIndex;
        error = ReadString(source, ref offset, 7, out string value);
        if (error == QpackDecodeError.None)
            field = new Http3Field(QpackStaticTable.Get((int)index).Name, value);
        return error;
    }

    // §4.5.6: 001 N H nameLength(3), name, then H valueLength(7), value.
    private QpackDecodeError ReadLiteralWithLiteralName(ReadOnlySpan<byte> source, ref int offset, out Http3Field field)
    {
        field = default;
        QpackDecodeError error = ReadString(source, ref offset, 3, out string name);
        if (error != QpackDecodeError.None)
            return error;
        error = ReadString(source, ref offset, 7, out string value);
        if (error == QpackDecodeError.None)
            field = new Http3Field(name, value);
        return error;
    }

    // §4.1.2: the H flag is the bit just above the N-bit length prefix.
    private QpackDecodeError ReadString(ReadOnlySpan<byte> source, ref int offset, int prefixBits, out string value)
    {
        value = "";
        if (offset >= source.Length)
            return QpackDecodeError.Truncated;
        bool huffman = (source[offset] & (1 << prefixBits)) != 0;
        QpackDecodeError error = QpackInteger.Read(source, ref offset, prefixBits, out ulong length);
        if (error != QpackDecodeError.None)
            return error;
        if (length > (ulong)(source.Length - offset))
            return QpackDecodeError.Truncated;
        ReadOnlySpan<byte> raw = source.Slice(offset, (int)length);
        offset += (int)length;
        if (!huffman)
        {
            value = Encoding.Latin1.GetString(raw);
            return QpackDecodeError.None;
        }
        int maxDecoded = Huffman.GetMaxDecodedLength(raw.Length);
        if (_scratch.Length < maxDecoded)
            _scratch = new byte[Math.Max(maxDecoded, _scratch.Length * 2)];
        if (!Huffman.TryDecode(raw, _scratch, out int written))
            return QpackDecodeError.InvalidHuffman;
        value = Encoding.Latin1.GetString(_scratch, 0, written);
        return QpackDecodeError.None;
    }
}
