using FsCheck;
using FsCheck.Fluent;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Tests.Wire;

/// <summary>The size helpers and partial writers a packet builder relies on.</summary>
public class FrameBuilderHelperTests
{
    [Fact]
    public void Stream_max_data_length_is_the_largest_that_fits()
    {
        Gen<(int Room, ulong Id, ulong Offset, int Available, bool WithLength)> gen =
            from room in Gen.Choose(0, 20_000)
            from id in WireGen.VarIntValue
            from offset in WireGen.VarIntAtMost(VarInt.MaxValue - 40_000)
            from available in Gen.Choose(0, 30_000)
            from withLength in WireGen.Bool
            select (room, id, offset, available, withLength);
        Prop.ForAll(gen.ToArbitrary(), v =>
        {
            int data = StreamFrame.GetMaxDataLength(v.Room, v.Id, v.Offset, v.Available, v.WithLength);
            int Size(int length) => StreamFrame.GetHeaderLength(v.Id, v.Offset, length, v.WithLength) + length;
            if (data < 0)
                return Size(0) > v.Room;
            Assert.True(Size(data) <= v.Room);
            Assert.True(data == v.Available || Size(data + 1) > v.Room);
            var buffer = new byte[v.Room];
            Assert.True(StreamFrame.TryWriteHeader(buffer, v.Id, v.Offset, data, fin: false, v.WithLength, out int header));
            return header + data == Size(data);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Crypto_max_data_length_is_the_largest_that_fits()
    {
        Gen<(int Room, ulong Offset, int Available)> gen =
            from room in Gen.Choose(0, 20_000)
            from offset in WireGen.VarIntAtMost(VarInt.MaxValue - 40_000)
            from available in Gen.Choose(0, 30_000)
            select (room, offset, available);
        Prop.ForAll(gen.ToArbitrary(), v =>
        {
            int data = CryptoFrame.GetMaxDataLength(v.Room, v.Offset, v.Available);
            int Size(int length) => CryptoFrame.GetHeaderLength(v.Offset, length) + length;
            if (data < 0)
                return Size(0) > v.Room;
            Assert.True(Size(data) <= v.Room);
            return data == v.Available || Size(data + 1) > v.Room;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_shorter_length_field_can_carry_more_data_than_a_longer_one()
    {
        // 1 type + 2 offset + 2 length + 16383 = 16388 fits in 16389; 16384 would need a 4-byte length.
        Assert.Equal(16_383, CryptoFrame.GetMaxDataLength(16_389, 7_818, 28_438));
    }

    [Theory]
    [InlineData(66, 63)] // 1 type + 1 id + 1 length + 63 data
    [InlineData(67, 63)] // 64 bytes would need a 2-byte length: 1 + 1 + 2 + 64 = 68
    [InlineData(68, 64)]
    [InlineData(2, -1)]
    [InlineData(3, 0)]
    public void Stream_length_field_growth_is_accounted_for(int room, int expected)
    {
        Assert.Equal(expected, StreamFrame.GetMaxDataLength(room, 0, 0, 1000, withLength: true));
    }

    [Fact]
    public void Stream_header_then_data_copy_equals_a_whole_write()
    {
        byte[] data = [1, 2, 3, 4, 5];
        var whole = new byte[32];
        Assert.True(new StreamFrame(4, 1000, data, true).TryWrite(whole, out int wholeLength));
        var split = new byte[32];
        Assert.True(StreamFrame.TryWriteHeader(split, 4, 1000, data.Length, true, true, out int header));
        data.CopyTo(split.AsSpan(header));
        Assert.Equal(whole.AsSpan(0, wholeLength).ToArray(), split.AsSpan(0, header + data.Length).ToArray());
        Assert.False(StreamFrame.TryWriteHeader(new byte[header + 4], 4, 1000, data.Length, true, true, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => StreamFrame.TryWriteHeader(new byte[32], 0, VarInt.MaxValue, 1, false, true, out _));
    }

    [Fact]
    public void Ack_writer_drops_oldest_ranges_to_fit_room_and_cap()
    {
        AckRange[] ranges = [new(1000, 1000), new(900, 990), new(800, 890), new(700, 790), new(0, 600)];
        int full = AckFrameWriter.GetEncodedLength(ranges, 10, null);
        var buffer = new byte[64];
        Assert.True(AckFrameWriter.TryWrite(buffer, ranges, 10, null, out int written, out int count));
        Assert.Equal((full, 5), (written, count));

        // Capped at 2 ranges.
        Assert.True(AckFrameWriter.TryWrite(buffer, ranges, 10, null, out written, out count, maxRanges: 2));
        Assert.Equal(2, count);
        Assert.Equal(AckFrameWriter.GetEncodedLength(ranges, 10, null, maxRanges: 2), written);
        Assert.Equal(ranges[..2], ReadAck(buffer.AsSpan(0, written)));

        // Room for all but the last range.
        int fourRanges = AckFrameWriter.GetEncodedLength(ranges, 10, null, maxRanges: 4);
        Assert.True(AckFrameWriter.TryWrite(buffer.AsSpan(0, full - 1), ranges, 10, null, out written, out count));
        Assert.Equal((fourRanges, 4), (written, count));
        Assert.Equal(ranges[..4], ReadAck(buffer.AsSpan(0, written)));

        // Not even the first range fits.
        int one = AckFrameWriter.GetEncodedLength(ranges, 10, null, maxRanges: 1);
        Assert.False(AckFrameWriter.TryWrite(buffer.AsSpan(0, one - 1), ranges, 10, null, out written, out count));
        Assert.Equal((0, 0), (written, count));
    }

    [Fact]
    public void Ack_writer_rejects_badly_ordered_ranges()
    {
        Assert.Throws<ArgumentException>(() => AckFrameWriter.GetEncodedLength([], 0, null));
        Assert.Throws<ArgumentException>(() => AckFrameWriter.GetEncodedLength([new(5, 6), new(4, 4)], 0, null)); // no gap
        Assert.Throws<ArgumentException>(() => AckFrameWriter.GetEncodedLength([new(5, 6), new(8, 9)], 0, null)); // ascending
        Assert.Throws<ArgumentException>(() => AckFrameWriter.GetEncodedLength([new(7, 6)], 0, null));
        Assert.Equal(7, AckFrameWriter.GetEncodedLength([new(5, 6), new(3, 3)], 0, null));
    }

    [Fact]
    public void Ack_delay_encoding_and_decoding()
    {
        Assert.Equal(3125UL, AckFrameWriter.EncodeAckDelay(25_000, 3));
        Assert.Equal(0UL, AckFrameWriter.EncodeAckDelay(-5, 3));
        var buffer = new byte[32];
        Assert.True(AckFrameWriter.TryWrite(buffer, [new AckRange(0, 5)], 3125, null, out int written, out _));
        var reader = new FrameReader(buffer.AsSpan(0, written), PacketType.OneRtt);
        Assert.True(reader.TryReadFrame(out Frame frame, out _));
        Assert.Equal(25_000L, frame.Ack.GetAckDelayMicros(3));
        Assert.Equal(3125L << 20, frame.Ack.GetAckDelayMicros(20));
    }

    [Fact]
    public void Ack_delay_saturates_instead_of_overflowing()
    {
        var reader = new FrameReader(WireHex.Bytes("02 00 ffffffffffffffff 00 00"), PacketType.OneRtt);
        Assert.True(reader.TryReadFrame(out Frame frame, out _));
        Assert.Equal(long.MaxValue, frame.Ack.GetAckDelayMicros(20));
    }

    private static List<AckRange> ReadAck(ReadOnlySpan<byte> bytes)
    {
        var reader = new FrameReader(bytes, PacketType.OneRtt);
        Assert.True(reader.TryReadFrame(out Frame frame, out _));
        return FrameRoundTripTests.ReadRanges(frame.Ack);
    }

    [Fact]
    public void Transport_close_from_an_error_value()
    {
        var buffer = new byte[64];
        QuicError error = QuicError.FrameEncoding(0x08, "frame truncated");
        Assert.True(ConnectionCloseFrame.TryWriteTransportClose(buffer, error, out int written));
        var reader = new FrameReader(buffer.AsSpan(0, written), PacketType.Handshake);
        Assert.True(reader.TryReadFrame(out Frame frame, out _));
        ConnectionCloseFrame close = frame.ConnectionClose;
        Assert.Equal((false, 0x07UL, 0x08UL), (close.IsApplicationError, close.ErrorCode, close.TriggeringFrameType));
        Assert.Equal("frame truncated"u8.ToArray(), close.ReasonPhrase.ToArray());

        // Without room for the reason, the frame goes out without it.
        Assert.True(ConnectionCloseFrame.TryWriteTransportClose(buffer.AsSpan(0, 6), error, out written));
        Assert.Equal(4, written);
        Assert.False(ConnectionCloseFrame.TryWriteTransportClose(buffer.AsSpan(0, 3), error, out _));
    }

    [Fact]
    public void Writers_reject_values_the_rfc_forbids()
    {
        Assert.Throws<InvalidOperationException>(() => new MaxStreamsFrame(true, (1UL << 60) + 1).TryWrite(new byte[16], out _));
        Assert.Throws<InvalidOperationException>(() => new StreamsBlockedFrame(false, (1UL << 60) + 1).TryWrite(new byte[16], out _));
        Assert.Throws<InvalidOperationException>(() => new NewTokenFrame([]).TryWrite(new byte[16], out _));
        Assert.Throws<InvalidOperationException>(() => new NewConnectionIdFrame(1, 2, [1], new byte[16]).TryWrite(new byte[64], out _));
        Assert.Throws<InvalidOperationException>(() => new NewConnectionIdFrame(1, 0, [], new byte[16]).TryWrite(new byte[64], out _));
        Assert.Throws<InvalidOperationException>(() => new NewConnectionIdFrame(1, 0, [1], new byte[15]).TryWrite(new byte[64], out _));
    }
}
