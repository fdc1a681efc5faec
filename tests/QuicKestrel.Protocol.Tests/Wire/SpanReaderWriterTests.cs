using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Tests.Wire;

public class SpanReaderWriterTests
{
    [Fact]
    public void Writer_and_reader_agree_on_every_field_kind()
    {
        var buffer = new byte[32];
        var writer = new SpanWriter(buffer);
        Assert.True(writer.TryWriteByte(0xab));
        Assert.True(writer.TryWriteUInt16(0x1234));
        Assert.True(writer.TryWriteUInt32(0xdeadbeef));
        Assert.True(writer.TryWriteVarInt(494878333));
        Assert.True(writer.TryWriteVarInt(5, 2));
        Assert.True(writer.TryWriteBytes([1, 2, 3]));
        Assert.True(writer.TryWriteUInt64(0x0102030405060708));
        Assert.Equal("ab1234deadbeef9d7f3e7d4005010203" + "0102030405060708", WireHex.String(writer.Written));

        var reader = new SpanReader(writer.Written);
        Assert.True(reader.TryReadByte(out byte b) && b == 0xab);
        Assert.True(reader.TryReadUInt16(out ushort u16) && u16 == 0x1234);
        Assert.True(reader.TryReadUInt32(out uint u32) && u32 == 0xdeadbeef);
        Assert.True(reader.TryReadVarInt(out ulong v1) && v1 == 494878333);
        Assert.True(reader.TryReadVarInt(out ulong v2) && v2 == 5);
        Assert.True(reader.TryReadBytes(3, out ReadOnlySpan<byte> bytes) && bytes.SequenceEqual(new byte[] { 1, 2, 3 }));
        Assert.True(reader.TryReadUInt64(out ulong u64) && u64 == 0x0102030405060708);
        Assert.True(reader.IsEnd);
    }

    [Fact]
    public void Reader_fails_on_short_input_and_keeps_its_position()
    {
        var reader = new SpanReader(WireHex.Bytes("0512"));
        Assert.False(reader.TryReadUInt32(out _));
        Assert.False(reader.TryReadUInt64(out _));
        Assert.False(reader.TryReadLengthPrefixedBytes(out _));
        Assert.Equal(0, reader.Position);
        Assert.False(reader.TryReadByteLengthPrefixedBytes(out _));
        Assert.Equal(0, reader.Position);
        Assert.False(reader.TryReadBytes(3, out _));
        Assert.False(reader.TryReadBytes(ulong.MaxValue, out _));
        Assert.False(reader.TrySkip(-1));
        Assert.True(reader.TryReadUInt16(out ushort value) && value == 0x0512);
        Assert.False(reader.TryReadByte(out _));
        Assert.False(reader.TryPeekByte(out _));
    }

    [Fact]
    public void Writer_fails_without_room_and_writes_nothing()
    {
        var buffer = new byte[3];
        var writer = new SpanWriter(buffer);
        Assert.False(writer.TryWriteUInt32(1));
        Assert.False(writer.TryWriteVarInt(494878333));
        Assert.False(writer.TryWriteVarInt(1, 4));
        Assert.False(writer.TryWriteBytes([1, 2, 3, 4]));
        Assert.False(writer.TryWriteUInt64(1));
        Assert.Equal(0, writer.Position);
        Assert.True(writer.TryAdvance(2));
        Assert.True(writer.TryWriteByte(7));
        Assert.False(writer.TryWriteByte(8));
        Assert.False(writer.TryAdvance(1));
        Assert.Equal(0, writer.Remaining);
    }
}
