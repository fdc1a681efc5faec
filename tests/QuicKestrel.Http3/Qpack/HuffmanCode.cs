namespace QuicKestrel.Http3.Qpack;

/// <summary>
/// The HPACK Huffman code (RFC 7541 Appendix B), which QPACK reuses for string literals
/// (RFC 9204 §4.1.2). The code is canonical: sorted by (length, symbol), each code is the
/// previous one plus one, shifted left when the length grows. So the 257 code lengths below
/// define it completely and the codes are derived from them (the tests check the derivation
/// against the RFC's codes and examples).
/// </summary>
internal static class HuffmanCode
{
    /// <summary>The end-of-string symbol; it never appears inside a string (§5.2).</summary>
    public const int Eos = 256;
    public const int MinLength = 5;
    public const int MaxLength = 30;

    // Code length in bits of symbols 0..256 (RFC 7541 Appendix B), 16 per row.
    private static ReadOnlySpan<byte> LengthTable =>
    [
        13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28,
        28, 28, 28, 28, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 28,
        6, 10, 10, 12, 13, 6, 8, 11, 10, 10, 8, 11, 8, 6, 6, 6,
        5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 7, 8, 15, 6, 12, 10,
        13, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
        7, 7, 7, 7, 7, 7, 7, 7, 8, 7, 8, 13, 19, 13, 14, 6,
        15, 5, 6, 5, 6, 5, 6, 6, 6, 5, 7, 7, 6, 6, 6, 5,
        6, 7, 6, 5, 5, 6, 7, 7, 7, 7, 7, 15, 11, 14, 13, 28,
        20, 22, 20, 20, 22, 22, 22, 23, 22, 23, 23, 23, 23, 23, 24, 23,
        24, 24, 22, 23, 24, 23, 23, 23, 23, 21, 22, 23, 22, 23, 23, 24,
        22, 21, 20, 22, 22, 23, 23, 21, 23, 22, 22, 24, 21, 22, 23, 23,
        21, 21, 22, 21, 23, 22, 23, 23, 20, 22, 22, 22, 23, 22, 22, 23,
        26, 26, 20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26, 24, 25,
        19, 21, 26, 27, 27, 26, 27, 24, 21, 21, 26, 26, 28, 27, 27, 27,
        20, 24, 20, 21, 22, 21, 21, 23, 22, 22, 25, 25, 24, 24, 26, 23,
        26, 27, 26, 26, 27, 27, 27, 27, 27, 28, 27, 27, 27, 27, 27, 26,
        30,
    ];

    /// <summary>Code of each symbol, right-aligned (the RFC's "code as hex").</summary>
    public static readonly uint[] Codes = new uint[257];

    /// <summary>Length in bits of each symbol's code.</summary>
    public static readonly byte[] Lengths = LengthTable.ToArray();

    /// <summary>For each length L: the first (smallest) code of that length.</summary>
    public static readonly uint[] FirstCode = new uint[MaxLength + 2];

    /// <summary>For each length L: how many symbols have that length.</summary>
    public static readonly int[] CountOfLength = new int[MaxLength + 2];

    /// <summary>For each length L: where its symbols start in <see cref="SortedSymbols"/>.</summary>
    public static readonly int[] OffsetOfLength = new int[MaxLength + 2];

    /// <summary>Symbols ordered by (code length, symbol): the canonical order.</summary>
    public static readonly short[] SortedSymbols = new short[257];

    static HuffmanCode()
    {
        foreach (byte length in Lengths)
            CountOfLength[length]++;

        uint code = 0;
        int offset = 0;
        for (int length = 1; length <= MaxLength; length++)
        {
            FirstCode[length] = code;
            OffsetOfLength[length] = offset;
            code = (code + (uint)CountOfLength[length]) << 1;
            offset += CountOfLength[length];
        }

        Span<uint> next = stackalloc uint[MaxLength + 2];
        Span<int> slot = stackalloc int[MaxLength + 2];
        FirstCode.AsSpan().CopyTo(next);
        OffsetOfLength.AsSpan().CopyTo(slot);
        for (int symbol = 0; symbol < Lengths.Length; symbol++)
        {
            int length = Lengths[symbol];
            Codes[symbol] = next[length]++;
            SortedSymbols[slot[length]++] = (short)symbol;
        }
    }
}
