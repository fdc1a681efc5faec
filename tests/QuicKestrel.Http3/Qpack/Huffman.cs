namespace QuicKestrel.Http3.Qpack;

/// <summary>
/// Huffman coding of string literals (RFC 7541 §5.2, Appendix B), as used by QPACK. Decoding
/// rejects what §5.2 forbids: padding longer than 7 bits, padding that is not all ones (the
/// most significant bits of EOS), and an EOS symbol inside the string.
/// </summary>
public static class Huffman
{
    // Top 8 bits of the input → (symbol << 8 | length) for codes of at most 8 bits, else 0.
    private static readonly ushort[] s_shortCodes = BuildShortCodeTable();

    /// <summary>The encoded length, in bytes, of <paramref name="source"/> (padding included).</summary>
    /// <param name="source">The octets to encode.</param>
    /// <returns>The number of bytes <see cref="Encode"/> writes.</returns>
    public static int GetEncodedLength(ReadOnlySpan<byte> source)
    {
        long bits = 0;
        foreach (byte b in source)
            bits += HuffmanCode.Lengths[b];
        return (int)((bits + 7) >> 3);
    }

    /// <summary>The longest decoding of <paramref name="encodedLength"/> bytes (every code is at least 5 bits).</summary>
    /// <param name="encodedLength">The Huffman-encoded length.</param>
    /// <returns>An upper bound of the decoded length.</returns>
    public static int GetMaxDecodedLength(int encodedLength) => (int)(((long)encodedLength * 8) / HuffmanCode.MinLength);

    /// <summary>Encodes <paramref name="source"/>, padding the last byte with ones.</summary>
    /// <param name="source">The octets to encode.</param>
    /// <param name="destination">At least <see cref="GetEncodedLength"/> bytes.</param>
    /// <returns>The number of bytes written.</returns>
    public static int Encode(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        ulong pending = 0; // right-aligned bits not yet written
        int pendingBits = 0;
        int written = 0;
        foreach (byte b in source)
        {
            int length = HuffmanCode.Lengths[b];
            pending = (pending << length) | HuffmanCode.Codes[b];
            pendingBits += length;
            while (pendingBits >= 8)
            {
                pendingBits -= 8;
                destination[written++] = (byte)(pending >> pendingBits);
            }
        }
        if (pendingBits > 0)
        {
            int pad = 8 - pendingBits;
            destination[written++] = (byte)((pending << pad) | ((1u << pad) - 1));
        }
        return written;
    }

    /// <summary>Decodes a Huffman-encoded string literal.</summary>
    /// <param name="source">The encoded octets.</param>
    /// <param name="destination">At least <see cref="GetMaxDecodedLength"/>(source.Length) bytes.</param>
    /// <param name="written">The number of decoded bytes.</param>
    /// <returns>False for an invalid encoding (bad padding or EOS); never throws for any input.</returns>
    public static bool TryDecode(ReadOnlySpan<byte> source, Span<byte> destination, out int written)
    {
        written = 0;
        ulong window = 0; // left-aligned: the next bit is bit 63
        int bits = 0;
        int next = 0;
        while (true)
        {
            while (bits <= 56 && next < source.Length)
            {
                window |= (ulong)source[next++] << (56 - bits);
                bits += 8;
            }
            if (bits == 0)
                return true;

            int symbol = DecodeSymbol(window, out int length);
            if (length > bits)
                return IsValidPadding(window, bits);
            if (symbol == HuffmanCode.Eos || written >= destination.Length)
                return false;
            destination[written++] = (byte)symbol;
            window <<= length;
            bits -= length;
        }
    }

    // The symbol whose code is a prefix of the window (bits beyond the input read as 0).
    private static int DecodeSymbol(ulong window, out int length)
    {
        ushort entry = s_shortCodes[(int)(window >> 56)];
        if (entry != 0)
        {
            length = entry & 0xFF;
            return entry >> 8;
        }
        for (length = 9; length <= HuffmanCode.MaxLength; length++)
        {
            uint code = (uint)(window >> (64 - length));
            uint index = code - HuffmanCode.FirstCode[length];
            if (index < (uint)HuffmanCode.CountOfLength[length])
                return HuffmanCode.SortedSymbols[HuffmanCode.OffsetOfLength[length] + (int)index];
        }
        length = int.MaxValue; // unreachable for a complete code; treated as padding
        return -1;
    }

    // RFC 7541 §5.2: at most 7 bits of padding, all ones (a prefix of EOS).
    private static bool IsValidPadding(ulong window, int bits)
    {
        if (bits > 7)
            return false;
        ulong padding = window >> (64 - bits);
        return padding == (1UL << bits) - 1;
    }

    private static ushort[] BuildShortCodeTable()
    {
        var table = new ushort[256];
        for (int symbol = 0; symbol < 256; symbol++)
        {
            int length = HuffmanCode.Lengths[symbol];
            if (length > 8)
                continue;
            int first = (int)(HuffmanCode.Codes[symbol] << (8 - length));
            for (int fill = 0; fill < 1 << (8 - length); fill++)
                table[first + fill] = (ushort)((symbol << 8) | length);
        }
        return table;
    }
}
