using QuicKestrel.Http3.Qpack;

namespace QuicKestrel.Http3.Tests.Qpack;

public class QpackFieldSectionTests
{
    private static (QpackDecodeError Error, List<Http3Field> Fields) Decode(byte[] section, int maxSize = QpackDecoder.DefaultMaxFieldSectionSize)
    {
        var fields = new List<Http3Field>();
        QpackDecodeError error = new QpackDecoder(maxSize).Decode(section, fields);
        return (error, fields);
    }

    [Fact]
    public void TheStaticTableHasNinetyNineEntries()
    {
        Assert.Equal(99, QpackStaticTable.Count);
        Assert.Equal(new Http3Field(":authority", ""), QpackStaticTable.Get(0));
        Assert.Equal(new Http3Field(":method", "GET"), QpackStaticTable.Get(17));
        Assert.Equal(new Http3Field(":status", "200"), QpackStaticTable.Get(25));
        Assert.Equal(new Http3Field(":status", "500"), QpackStaticTable.Get(71));
        Assert.Equal(new Http3Field("x-frame-options", "sameorigin"), QpackStaticTable.Get(98));
        Assert.True(QpackStaticTable.TryFindName("content-type", out int index));
        Assert.Equal(44, index);
    }

    // RFC 9204 B.1: a literal field line with a static name reference (:path, index 1).
    [Fact]
    public void DecodesAndEncodesAppendixB1()
    {
        byte[] published = Hex.Parse("0000 510b 2f69 6e64 6578 2e68 746d 6c");
        (QpackDecodeError error, List<Http3Field> fields) = Decode(published);
        Assert.Equal(QpackDecodeError.None, error);
        Assert.Equal([new Http3Field(":path", "/index.html")], fields);
        Assert.Equal(published, new QpackEncoder().Encode([new Http3Field(":path", "/index.html")]));
    }

    // RFC 9204 B.2, B.4 and B.5 field sections use the dynamic table, which capacity 0 forbids.
    [Theory]
    [InlineData("0381 10 11")]
    [InlineData("0500 80 c1 81")]
    [InlineData("0200 80")]
    public void RejectsTheAppendixBSectionsThatUseTheDynamicTable(string hex)
    {
        Assert.Equal(QpackDecodeError.DynamicTableReference, Decode(Hex.Parse(hex)).Error);
    }

    [Theory]
    [InlineData("0000 80", "indexed dynamic line (T=0)")]
    [InlineData("0000 10", "indexed post-base line")]
    [InlineData("0000 4001 61", "literal with a dynamic name reference (T=0)")]
    [InlineData("0000 0001 61", "literal with a post-base name reference")]
    public void RejectsEveryDynamicRepresentation(string hex, string why)
    {
        Assert.True(Decode(Hex.Parse(hex)).Error == QpackDecodeError.DynamicTableReference, why);
    }

    [Fact]
    public void AcceptsAnyDeltaBaseWhenTheRequiredInsertCountIsZero()
    {
        (QpackDecodeError error, List<Http3Field> fields) = Decode(Hex.Parse("00 85 d1"));
        Assert.Equal(QpackDecodeError.None, error);
        Assert.Equal([new Http3Field(":method", "GET")], fields);
    }

    [Fact]
    public void RejectsStaticIndicesPastTheTable()
    {
        Assert.Equal(QpackDecodeError.InvalidStaticIndex, Decode(Hex.Parse("0000 ff24")).Error); // 63 + 36 = 99
        Assert.Equal(QpackDecodeError.InvalidStaticIndex, Decode(Hex.Parse("0000 5f54 00")).Error); // name ref 15 + 84 = 99
        Assert.Equal(QpackDecodeError.None, Decode(Hex.Parse("0000 ff23")).Error); // 98
    }

    [Fact]
    public void EncodesWithTheSmallestStaticRepresentation()
    {
        var encoder = new QpackEncoder();
        // Exact match: indexed static line 17 = 0xC0 | 17.
        Assert.Equal("0000d1", Hex.Format(encoder.Encode([new Http3Field(":method", "GET")])));
        // Name match: literal with a static name reference to :authority (01 N=0 T=1 index 0), 15-byte value.
        Assert.Equal("0000" + "50" + "0f" + Hex.Format("www.example.com"u8),
            Hex.Format(encoder.Encode([new Http3Field(":authority", "www.example.com")])));
    }

    [Fact]
    public void EncodesLiteralNamesWithAThreeBitLengthPrefix()
    {
        byte[] section = new QpackEncoder().Encode([new Http3Field("custom-key", "custom-value")]);
        // 001 N=0 H=0 length 10 = 7 + 3: 0x27 0x03, the name, then H=0 length 12, the value.
        Assert.Equal("0000" + "2703" + Hex.Format("custom-key"u8) + "0c" + Hex.Format("custom-value"u8), Hex.Format(section));
    }

    // RFC 7541 C.4.1's Huffman literal inside a QPACK literal with a static name reference.
    [Fact]
    public void HuffmanEncodesLiteralsWhenShorter()
    {
        byte[] section = new QpackEncoder(useHuffman: true).Encode([new Http3Field(":authority", "www.example.com")]);
        Assert.Equal("0000" + "50" + "8c" + "f1e3c2e5f23a6ba0ab90f4ff", Hex.Format(section));
        (QpackDecodeError error, List<Http3Field> fields) = Decode(section);
        Assert.Equal(QpackDecodeError.None, error);
        Assert.Equal("www.example.com", fields[0].Value);
    }

    [Fact]
    public void KeepsRawLiteralsWhenHuffmanIsNotShorter()
    {
        // Bytes above 0x7F have long codes: Huffman would be longer.
        byte[] section = new QpackEncoder(useHuffman: true).Encode([new Http3Field("x", "\u00ff\u00fe")]);
        Assert.Equal("0000" + "2178" + "02fffe", Hex.Format(section));
    }

    [Fact]
    public void DecodesHuffmanNamesAndValues()
    {
        // 001 N=0 H=1 nameLength 8 (7 + 1): the C.4.3 "custom-key", then H=1 length 9 "custom-value".
        byte[] section = Hex.Parse("0000 2f01 25a8 49e9 5ba9 7d7f 89 25a8 49e9 5bb8 e8b4 bf");
        (QpackDecodeError error, List<Http3Field> fields) = Decode(section);
        Assert.Equal(QpackDecodeError.None, error);
        Assert.Equal([new Http3Field("custom-key", "custom-value")], fields);
    }

    [Fact]
    public void EnforcesTheFieldSectionSizeLimit()
    {
        byte[] section = new QpackEncoder().Encode([new Http3Field("a", new string('x', 100))]);
        Assert.Equal(QpackDecodeError.FieldSectionTooLarge, Decode(section, maxSize: 100 + 1 + 32 - 1).Error);
        Assert.Equal(QpackDecodeError.None, Decode(section, maxSize: 100 + 1 + 32).Error);
    }

    [Fact]
    public void RejectsNonLatin1TextWhenEncoding()
    {
        Assert.Throws<ArgumentException>(() => new QpackEncoder().Encode([new Http3Field("x", "\u20ac")]));
    }
}
