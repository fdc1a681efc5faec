using FsCheck;
using FsCheck.Fluent;
using QuicKestrel.Http3.Qpack;

namespace QuicKestrel.Http3.Tests.Qpack;

public class QpackMalformedTests
{
    private static readonly Http3Field[] s_sample =
    [
        new(":status", "200"), new(":status", "418"), new("content-type", "text/html; charset=utf-8"),
        new("date", "Mon, 21 Oct 2013 20:13:21 GMT"), new("x-custom-header", "a value with spaces"),
        new("set-cookie", new string('k', 300)),
    ];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TruncationAtEveryByteGivesAnErrorOrACompletePrefix(bool huffman)
    {
        byte[] section = new QpackEncoder(huffman).Encode(s_sample);
        var decoder = new QpackDecoder();
        var boundaries = new HashSet<int>();
        for (int i = 0; i <= s_sample.Length; i++)
            boundaries.Add(new QpackEncoder(huffman).Encode(s_sample.AsSpan(0, i)).Length);

        for (int cut = 0; cut < section.Length; cut++)
        {
            var fields = new List<Http3Field>();
            QpackDecodeError error = decoder.Decode(section.AsSpan(0, cut), fields);
            if (boundaries.Contains(cut))
            {
                Assert.Equal(QpackDecodeError.None, error);
                Assert.Equal(s_sample.Take(fields.Count), fields);
                Assert.Equal(new QpackEncoder(huffman).Encode(s_sample.AsSpan(0, fields.Count)).Length, cut);
            }
            else
            {
                Assert.Equal(QpackDecodeError.Truncated, error);
            }
        }
    }

    [Theory]
    [InlineData("0000 5f", "name reference index continuation missing")]
    [InlineData("0000 51 7f", "value length continuation missing")]
    [InlineData("0000 51 0b 2f69", "value shorter than its length")]
    [InlineData("0000 27", "literal name length continuation missing")]
    [InlineData("0000 23 6162", "literal name shorter than its length")]
    [InlineData("00", "prefix without Delta Base")]
    public void ReportsTruncatedPieces(string hex, string why)
    {
        var fields = new List<Http3Field>();
        Assert.True(new QpackDecoder().Decode(Hex.Parse(hex), fields) == QpackDecodeError.Truncated, why);
    }

    [Fact]
    public void HugeStringLengthsAreTruncationNotAllocation()
    {
        // Literal with name reference :path, value length 2^62 − 1.
        var section = new byte[16];
        section[2] = 0x51;
        int length = 3 + QpackInteger.Write(section.AsSpan(3), QpackInteger.MaxValue, 7, 0);
        var fields = new List<Http3Field>();
        Assert.Equal(QpackDecodeError.Truncated, new QpackDecoder().Decode(section.AsSpan(0, length), fields));
    }

    [Fact]
    public void IntegerOverflowIsAnError()
    {
        byte[] section = [0x00, 0x00, 0x51, 0x7F, .. Enumerable.Repeat((byte)0xFF, 10), 0x01];
        var fields = new List<Http3Field>();
        Assert.Equal(QpackDecodeError.IntegerOverflow, new QpackDecoder().Decode(section, fields));
    }

    [Theory]
    [InlineData("0000 51 82 1fff", "value with more than 7 bits of padding")]
    [InlineData("0000 51 81 18", "value with zero padding")]
    [InlineData("0000 51 84 ffff ffff", "value containing EOS")]
    [InlineData("0000 29 ff 01 61", "name with invalid padding")]
    public void BadHuffmanIsAnError(string hex, string why)
    {
        var fields = new List<Http3Field>();
        Assert.True(new QpackDecoder().Decode(Hex.Parse(hex), fields) == QpackDecodeError.InvalidHuffman, why);
    }

    [Fact]
    public void ArbitraryInputNeverThrows()
    {
        var decoder = new QpackDecoder(4096);
        Prop.ForAll<byte[]>(input =>
        {
            var fields = new List<Http3Field>();
            QpackDecodeError error = decoder.Decode(input, fields);
            return Enum.IsDefined(error);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void MutatedValidSectionsNeverThrow()
    {
        byte[] section = new QpackEncoder(useHuffman: true).Encode(s_sample);
        var decoder = new QpackDecoder();
        Prop.ForAll<int, byte>((position, value) =>
        {
            byte[] mutated = (byte[])section.Clone();
            mutated[(int)((uint)position % (uint)mutated.Length)] = value;
            var fields = new List<Http3Field>();
            return Enum.IsDefined(decoder.Decode(mutated, fields));
        }).QuickCheckThrowOnFailure();
    }
}
