using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Tests.Wire;

public class PacketNumberTests
{
    // RFC 9000 Appendix A.2 (and §17.1): 29,519 unacknowledged packets need 16 bits; 0xace8fe needs 24.
    [Theory]
    [InlineData(0xac5c02L, 0xabe8b3L, 2)]
    [InlineData(0xace8feL, 0xabe8b3L, 3)]
    public void Rfc9000_appendix_a2_encoded_length(long packetNumber, long largestAcked, int expected)
    {
        Assert.Equal(expected, PacketNumber.GetEncodedLength(packetNumber, largestAcked));
    }

    [Theory]
    [InlineData(0L, PacketNumber.None, 1)]
    [InlineData(127L, PacketNumber.None, 1)]
    [InlineData(128L, PacketNumber.None, 2)]
    [InlineData(228L, 100L, 1)]
    [InlineData(229L, 100L, 2)]
    [InlineData(100L + (1L << 15), 100L, 2)]
    [InlineData(101L + (1L << 15), 100L, 3)]
    [InlineData(101L + (1L << 23), 100L, 4)]
    [InlineData(PacketNumber.MaxValue, 0L, 4)]
    public void Encoded_length_covers_twice_the_unacknowledged_range(long packetNumber, long largestAcked, int expected)
    {
        Assert.Equal(expected, PacketNumber.GetEncodedLength(packetNumber, largestAcked));
    }

    // RFC 9000 Appendix A.3: largest 0xa82f30ea and the 16-bit value 0x9b32 decode to 0xa82f9b32.
    [Fact]
    public void Rfc9000_appendix_a3_decode()
    {
        Assert.Equal(0xa82f9b32L, PacketNumber.Decode(0xa82f30ea, 0x9b32, 2));
    }

    // RFC 9001 Appendix A.5: packet number 654360564 sent in 3 bytes as 0x00bff4.
    [Fact]
    public void Rfc9001_appendix_a5_packet_number()
    {
        var buffer = new byte[3];
        Assert.True(PacketNumber.TryWrite(buffer, 654360564, 3));
        Assert.Equal("00bff4", WireHex.String(buffer));
        Assert.True(PacketNumber.TryRead(buffer, 3, out uint truncated));
        Assert.Equal(654360564L, PacketNumber.Decode(654360563, truncated, 3));
    }

    [Fact]
    public void Decode_wraps_both_ways_around_the_window()
    {
        // Expected 0x100: 0xff is just behind, 0x01 just ahead in the next window.
        Assert.Equal(0xffL, PacketNumber.Decode(0xff, 0xff, 1));
        Assert.Equal(0x101L, PacketNumber.Decode(0xff, 0x01, 1));
        // Expected 0x1fe: 0x7f is 0x17f (0x27f would be too far ahead).
        Assert.Equal(0x17fL, PacketNumber.Decode(0x1fd, 0x7f, 1));
        // No packet yet: decode around 0.
        Assert.Equal(0L, PacketNumber.Decode(PacketNumber.None, 0, 1));
        Assert.Equal(2L, PacketNumber.Decode(PacketNumber.None, 2, 4));
        // Near 2^62 the candidate is not pushed past the packet number space.
        long top = PacketNumber.MaxValue;
        Assert.Equal(top, PacketNumber.Decode(top - 1, PacketNumber.Truncate(top, 4), 4));
    }

    [Fact]
    public void Encode_then_decode_recovers_the_number_for_every_length()
    {
        var random = new Random(9000);
        var buffer = new byte[4];
        for (int i = 0; i < 10_000; i++)
        {
            long largestAcked = random.NextInt64(-1, 1L << 40);
            long packetNumber = largestAcked + 1 + random.NextInt64(0, 1L << random.Next(1, 30));
            int length = PacketNumber.GetEncodedLength(packetNumber, largestAcked);
            Assert.True(PacketNumber.TryWrite(buffer, packetNumber, length));
            Assert.True(PacketNumber.TryRead(buffer, length, out uint truncated));
            // The receiver has seen anything from the largest acknowledged up to just below this packet.
            long largestReceived = random.NextInt64(largestAcked, packetNumber);
            Assert.Equal(packetNumber, PacketNumber.Decode(largestReceived, truncated, length));
        }
    }

    [Fact]
    public void Short_buffers_fail()
    {
        Assert.False(PacketNumber.TryWrite(new byte[1], 0x1234, 2));
        Assert.False(PacketNumber.TryRead(new byte[2], 3, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => PacketNumber.Truncate(1, 5));
    }
}
