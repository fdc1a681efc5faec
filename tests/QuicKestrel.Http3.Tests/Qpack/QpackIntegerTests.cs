using FsCheck;
using QuicKestrel.Http3.Qpack;

namespace QuicKestrel.Http3.Tests.Qpack;

public class QpackIntegerTests
{
    // RFC 7541 C.1.1–C.1.3.
    [Theory]
    [InlineData(10UL, 5, "0a")]
    [InlineData(1337UL, 5, "1f9a0a")]
    [InlineData(42UL, 8, "2a")]
    public void EncodesTheRfc7541Examples(ulong value, int prefixBits, string expected)
    {
        var buffer = new byte[16];
        int written = QpackInteger.Write(buffer, value, prefixBits, 0);
        Assert.Equal(expected, Hex.Format(buffer.AsSpan(0, written)));
        Assert.Equal(written, QpackInteger.GetEncodedLength(value, prefixBits));
        int offset = 0;
        Assert.Equal(QpackDecodeError.None, QpackInteger.Read(buffer.AsSpan(0, written), ref offset, prefixBits, out ulong read));
        Assert.Equal(value, read);
        Assert.Equal(written, offset);
    }

    [Fact]
    public void KeepsTheFlagBitsAboveThePrefixAndIgnoresThemWhenReading()
    {
        var buffer = new byte[4];
        Assert.Equal(1, QpackInteger.Write(buffer, 5, 6, 0xC0));
        Assert.Equal(0xC5, buffer[0]);
        int offset = 0;
        QpackInteger.Read(buffer, ref offset, 6, out ulong value);
        Assert.Equal(5UL, value);
    }

    [Fact]
    public void RoundTripsEveryPrefixUpToTwoToThe62MinusOne()
    {
        FsCheck.Fluent.Prop.ForAll<ulong, byte>((raw, prefixSeed) =>
        {
            ulong value = raw & QpackInteger.MaxValue;
            int prefixBits = prefixSeed % 8 + 1;
            var buffer = new byte[16];
            int written = QpackInteger.Write(buffer, value, prefixBits, 0);
            int offset = 0;
            return QpackInteger.Read(buffer.AsSpan(0, written), ref offset, prefixBits, out ulong read) == QpackDecodeError.None
                && read == value && offset == written;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void RejectsValuesAboveTwoToThe62MinusOne()
    {
        var buffer = new byte[16];
        int written = QpackInteger.Write(buffer, QpackInteger.MaxValue + 1, 7, 0);
        int offset = 0;
        Assert.Equal(QpackDecodeError.IntegerOverflow, QpackInteger.Read(buffer.AsSpan(0, written), ref offset, 7, out _));
        Assert.Equal(0, offset);
    }

    [Fact]
    public void RejectsEndlessContinuationBytes()
    {
        byte[] input = [0x1F, .. Enumerable.Repeat((byte)0x80, 20), 0x00];
        int offset = 0;
        Assert.Equal(QpackDecodeError.IntegerOverflow, QpackInteger.Read(input, ref offset, 5, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1f")]
    [InlineData("1f9a")]
    [InlineData("1fff")]
    public void ReportsTruncation(string hex)
    {
        int offset = 0;
        Assert.Equal(QpackDecodeError.Truncated, QpackInteger.Read(Hex.Parse(hex), ref offset, 5, out _));
        Assert.Equal(0, offset);
    }
}
