using FsCheck;
using System.Text;
using QuicKestrel.Http3.Qpack;

namespace QuicKestrel.Http3.Tests.Qpack;

public class HuffmanTests
{
    // RFC 7541 C.4.1–C.4.3 (requests) and C.6.1–C.6.3 (responses): each Huffman-encoded literal.
    [Theory]
    [InlineData("www.example.com", "f1e3 c2e5 f23a 6ba0 ab90 f4ff")]
    [InlineData("no-cache", "a8eb 1064 9cbf")]
    [InlineData("custom-key", "25a8 49e9 5ba9 7d7f")]
    [InlineData("custom-value", "25a8 49e9 5bb8 e8b4 bf")]
    [InlineData("302", "6402")]
    [InlineData("307", "640e ff")]
    [InlineData("private", "aec3 771a 4b")]
    [InlineData("Mon, 21 Oct 2013 20:13:21 GMT", "d07a be94 1054 d444 a820 0595 040b 8166 e082 a62d 1bff")]
    [InlineData("Mon, 21 Oct 2013 20:13:22 GMT", "d07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff")]
    [InlineData("https://www.example.com", "9d29 ad17 1863 c78f 0b97 c8e9 ae82 ae43 d3")]
    [InlineData("gzip", "9bd9 ab")]
    [InlineData("foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1",
        "94e7 821d d7f2 e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f 9587 3160 65c0 03ed 4ee5 b106 3d50 07")]
    public void EncodesAndDecodesTheRfc7541Examples(string text, string hex)
    {
        byte[] plain = Encoding.ASCII.GetBytes(text);
        byte[] expected = Hex.Parse(hex);

        Assert.Equal(expected.Length, Huffman.GetEncodedLength(plain));
        var encoded = new byte[expected.Length];
        Assert.Equal(expected.Length, Huffman.Encode(plain, encoded));
        Assert.Equal(expected, encoded);

        var decoded = new byte[Huffman.GetMaxDecodedLength(expected.Length)];
        Assert.True(Huffman.TryDecode(expected, decoded, out int written));
        Assert.Equal(text, Encoding.ASCII.GetString(decoded, 0, written));
    }

    // Codes from RFC 7541 Appendix B, checked against the canonical derivation from the lengths.
    [Theory]
    [InlineData(0, 0x1ff8u, 13)]
    [InlineData(1, 0x7fffd8u, 23)]
    [InlineData(9, 0xffffeau, 24)]
    [InlineData(10, 0x3ffffffcu, 30)]
    [InlineData(32, 0x14u, 6)]
    [InlineData(48, 0x0u, 5)]
    [InlineData(97, 0x3u, 5)]
    [InlineData(122, 0x7bu, 7)]
    [InlineData(127, 0xffffffcu, 28)]
    [InlineData(128, 0xfffe6u, 20)]
    [InlineData(200, 0x3ffffe2u, 26)]
    [InlineData(255, 0x3ffffeeu, 26)]
    [InlineData(256, 0x3fffffffu, 30)]
    public void DerivesTheAppendixBCodes(int symbol, uint code, int length)
    {
        Assert.Equal(code, HuffmanCode.Codes[symbol]);
        Assert.Equal(length, HuffmanCode.Lengths[symbol]);
    }

    [Fact]
    public void TheCodeIsCompleteAndPrefixFree()
    {
        double kraft = 0;
        for (int s = 0; s < 257; s++)
            kraft += Math.Pow(2, -HuffmanCode.Lengths[s]);
        Assert.Equal(1.0, kraft, 12);

        // Distinct left-aligned 30-bit forms, and no code is a prefix of another.
        var aligned = Enumerable.Range(0, 257)
            .Select(s => (Start: (ulong)HuffmanCode.Codes[s] << (30 - HuffmanCode.Lengths[s]), Length: HuffmanCode.Lengths[s]))
            .OrderBy(c => c.Start)
            .ToArray();
        for (int i = 1; i < aligned.Length; i++)
            Assert.True(aligned[i - 1].Start + (1UL << (30 - aligned[i - 1].Length)) <= aligned[i].Start);
    }

    [Fact]
    public void RoundTripsEveryByteValueAlone()
    {
        for (int b = 0; b < 256; b++)
        {
            byte[] plain = [(byte)b];
            var encoded = new byte[Huffman.GetEncodedLength(plain)];
            Huffman.Encode(plain, encoded);
            var decoded = new byte[Huffman.GetMaxDecodedLength(encoded.Length)];
            Assert.True(Huffman.TryDecode(encoded, decoded, out int written));
            Assert.Equal(plain, decoded.AsSpan(0, written).ToArray());
        }
    }

    [Fact]
    public void RoundTripsArbitraryOctets()
    {
        FsCheck.Fluent.Prop.ForAll<byte[]>(plain =>
        {
            var encoded = new byte[Huffman.GetEncodedLength(plain)];
            int length = Huffman.Encode(plain, encoded);
            var decoded = new byte[Huffman.GetMaxDecodedLength(length)];
            return length == encoded.Length
                && Huffman.TryDecode(encoded, decoded, out int written)
                && decoded.AsSpan(0, written).SequenceEqual(plain);
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData("1f ff", "padding of 8 or more bits")] // "a" (00011) then 3 + 8 ones
    [InlineData("18", "padding that is not all ones")] // "a" then 000
    [InlineData("ffff ffff", "EOS inside the string")] // 30 ones decode to EOS
    [InlineData("ff", "8 bits of ones")]
    [InlineData("fe", "8 bits that are no complete code")]
    public void RejectsInvalidEncodings(string hex, string why)
    {
        byte[] encoded = Hex.Parse(hex);
        var decoded = new byte[Huffman.GetMaxDecodedLength(encoded.Length) + 1];
        Assert.False(Huffman.TryDecode(encoded, decoded, out _), why);
    }

    [Fact]
    public void AcceptsUpToSevenBitsOfOnesAsPadding()
    {
        // "0" is 00000; then 3 ones of padding.
        var decoded = new byte[4];
        Assert.True(Huffman.TryDecode([0x07], decoded, out int written));
        Assert.Equal("0"u8.ToArray(), decoded.AsSpan(0, written).ToArray());
    }

    [Fact]
    public void NeverThrowsOnArbitraryInput()
    {
        FsCheck.Fluent.Prop.ForAll<byte[]>(input =>
        {
            var decoded = new byte[Huffman.GetMaxDecodedLength(input.Length)];
            Huffman.TryDecode(input, decoded, out int written);
            return written <= decoded.Length;
        }).QuickCheckThrowOnFailure();
    }
}
