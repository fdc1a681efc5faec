using FsCheck;
using FsCheck.Fluent;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Tests.Wire;

public class VarIntTests
{
    // RFC 9000 Appendix A.1 (and §16 Table 4 examples).
    [Theory]
    [InlineData("c2197c5eff14e88c", 151288809941952652UL)]
    [InlineData("9d7f3e7d", 494878333UL)]
    [InlineData("7bbd", 15293UL)]
    [InlineData("25", 37UL)]
    [InlineData("4025", 37UL)]
    public void Rfc9000_appendix_a1_examples_decode(string hex, ulong expected)
    {
        byte[] bytes = WireHex.Bytes(hex);
        Assert.True(VarInt.TryRead(bytes, out ulong value, out int read));
        Assert.Equal(expected, value);
        Assert.Equal(bytes.Length, read);
    }

    [Theory]
    [InlineData(151288809941952652UL, "c2197c5eff14e88c")]
    [InlineData(494878333UL, "9d7f3e7d")]
    [InlineData(15293UL, "7bbd")]
    [InlineData(37UL, "25")]
    public void Rfc9000_appendix_a1_examples_encode_minimally(ulong value, string expectedHex)
    {
        var buffer = new byte[8];
        Assert.True(VarInt.TryWrite(buffer, value, out int written));
        Assert.Equal(expectedHex, WireHex.String(buffer.AsSpan(0, written)));
    }

    [Theory]
    [InlineData(0UL, 1)]
    [InlineData(63UL, 1)]
    [InlineData(64UL, 2)]
    [InlineData(16383UL, 2)]
    [InlineData(16384UL, 4)]
    [InlineData(1073741823UL, 4)]
    [InlineData(1073741824UL, 8)]
    [InlineData(VarInt.MaxValue, 8)]
    public void Length_boundaries(ulong value, int length)
    {
        Assert.Equal(length, VarInt.GetLength(value));
        var buffer = new byte[8];
        Assert.True(VarInt.TryWrite(buffer, value, out int written));
        Assert.Equal(length, written);
        Assert.Equal(length, VarInt.GetLengthFromFirstByte(buffer[0]));
    }

    [Fact]
    public void Values_above_2_pow_62_are_a_programming_error()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => VarInt.GetLength(VarInt.MaxValue + 1));
    }

    [Fact]
    public void Forced_length_writes_a_non_minimal_encoding_that_reads_back()
    {
        var buffer = new byte[8];
        VarInt.WriteWithLength(buffer, 37, 2);
        Assert.Equal("4025", WireHex.String(buffer.AsSpan(0, 2)));
        VarInt.WriteWithLength(buffer, 1182, 4);
        Assert.True(VarInt.TryRead(buffer, out ulong value, out int read));
        Assert.Equal((1182UL, 4), (value, read));
        Assert.Throws<ArgumentOutOfRangeException>(() => VarInt.WriteWithLength(new byte[8], 64, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => VarInt.WriteWithLength(new byte[8], 1, 3));
    }

    [Fact]
    public void Short_input_and_short_room_fail_without_throwing()
    {
        Assert.False(VarInt.TryRead([], out _, out _));
        Assert.False(VarInt.TryRead(WireHex.Bytes("c2197c5eff14e8"), out _, out _));
        Assert.False(VarInt.TryRead(WireHex.Bytes("9d7f3e"), out _, out _));
        Assert.False(VarInt.TryRead(WireHex.Bytes("7b"), out _, out _));
        Assert.False(VarInt.TryWrite(new byte[3], 494878333, out int written));
        Assert.Equal(0, written);
    }

    [Fact]
    public void Round_trip_property()
    {
        Prop.ForAll(WireGen.VarIntValue.ToArbitrary(), value =>
        {
            var buffer = new byte[8];
            return VarInt.TryWrite(buffer, value, out int written)
                && VarInt.TryRead(buffer.AsSpan(0, written), out ulong read, out int consumed)
                && read == value && consumed == written && written == VarInt.GetLength(value);
        }).QuickCheckThrowOnFailure();
    }
}
