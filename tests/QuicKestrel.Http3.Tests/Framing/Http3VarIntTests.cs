using QuicKestrel.Http3.Framing;

namespace QuicKestrel.Http3.Tests.Framing;

public class Http3VarIntTests
{
    // RFC 9000 Appendix A.1 examples.
    [Theory]
    [InlineData("c2197c5eff14e88c", 151288809941952652UL)]
    [InlineData("9d7f3e7d", 494878333UL)]
    [InlineData("7bbd", 15293UL)]
    [InlineData("25", 37UL)]
    public void ReadsAndWritesTheRfc9000Examples(string hex, ulong value)
    {
        byte[] encoded = Hex.Parse(hex);
        Assert.True(Http3VarInt.TryRead(encoded, out ulong read, out int length));
        Assert.Equal(value, read);
        Assert.Equal(encoded.Length, length);
        var written = new byte[8];
        Assert.Equal(encoded.Length, Http3VarInt.Write(written, value));
        Assert.Equal(encoded, written.AsSpan(0, encoded.Length).ToArray());
    }

    [Fact]
    public void ReadsNonMinimalEncodings()
    {
        Assert.True(Http3VarInt.TryRead(Hex.Parse("4025"), out ulong value, out int length));
        Assert.Equal(37UL, value);
        Assert.Equal(2, length);
    }

    [Fact]
    public void ReportsTruncation()
    {
        Assert.False(Http3VarInt.TryRead([], out _, out _));
        Assert.False(Http3VarInt.TryRead(Hex.Parse("c2197c"), out _, out _));
    }

    [Fact]
    public void RefusesValuesAboveTwoToThe62MinusOne() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Http3VarInt.GetLength(1UL << 62));
}
