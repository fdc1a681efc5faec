using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Tests.Wire;

/// <summary>Malformed and misplaced frames yield the RFC's error value and never an exception.</summary>
public class FrameMalformedTests
{
    public static TheoryData<string> SampleNames()
    {
        var data = new TheoryData<string>();
        foreach (FrameSamples.Sample sample in FrameSamples.All)
            data.Add(sample.Name);
        return data;
    }

    private static FrameSamples.Sample Get(string name) => FrameSamples.All.Single(s => s.Name == name);

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void Every_sample_parses_whole_in_1rtt(string name)
    {
        FrameSamples.Sample sample = Get(name);
        var reader = new FrameReader(sample.Bytes, PacketType.OneRtt);
        Assert.True(reader.TryReadFrame(out Frame frame, out QuicError error), error.ToString());
        Assert.Equal(sample.RawType, frame.RawType);
        Assert.Equal(sample.Bytes.Length, reader.Position);
        Assert.False(reader.TryReadFrame(out _, out error));
        Assert.False(error.IsError);
    }

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void Truncation_at_every_offset_is_a_frame_encoding_error(string name)
    {
        FrameSamples.Sample sample = Get(name);
        for (int length = 1; length < sample.Bytes.Length; length++)
        {
            var reader = new FrameReader(sample.Bytes.AsSpan(0, length), PacketType.OneRtt);
            bool parsed = reader.TryReadFrame(out Frame frame, out QuicError error);
            if (sample.RunsToEnd && parsed)
            {
                // Without a Length field the data ends with the packet: a cut after the header is a shorter, valid frame.
                Assert.Equal(length, reader.Position);
                Assert.Equal(sample.RawType, frame.RawType);
                continue;
            }
            Assert.False(parsed, $"prefix of {length} bytes parsed");
            Assert.Equal(TransportErrorCode.FrameEncodingError, error.Code);
            Assert.Equal(sample.RawType, error.FrameType);
        }
    }

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void Forbidden_frames_are_a_protocol_violation_in_each_packet_type(string name)
    {
        FrameSamples.Sample sample = Get(name);
        foreach (PacketType packetType in FrameSamples.FramePacketTypes)
        {
            var reader = new FrameReader(sample.Bytes, packetType);
            bool parsed = reader.TryReadFrame(out _, out QuicError error);
            if (FrameSamples.IsAllowed(sample, packetType))
            {
                Assert.True(parsed, $"{packetType}: {error}");
            }
            else
            {
                Assert.False(parsed, $"{name} accepted in {packetType}");
                Assert.Equal(TransportErrorCode.ProtocolViolation, error.Code);
                Assert.Equal(sample.RawType, error.FrameType);
            }
        }
    }

    [Fact]
    public void Every_allowed_table_entry_matches_frame_rules()
    {
        foreach (FrameSamples.Sample sample in FrameSamples.All)
        {
            Assert.True(FrameRules.TryGetFrameType(sample.RawType, out FrameType type));
            foreach (PacketType packetType in FrameSamples.FramePacketTypes)
                Assert.Equal(FrameSamples.IsAllowed(sample, packetType), FrameRules.IsAllowedIn(type, packetType));
        }
    }

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void Random_garbage_after_each_frame_type_never_throws(string name)
    {
        FrameSamples.Sample sample = Get(name);
        var random = new Random((int)sample.RawType * 7919 + 1);
        var buffer = new byte[64];
        for (int i = 0; i < 3000; i++)
        {
            int length = random.Next(1, buffer.Length + 1);
            random.NextBytes(buffer.AsSpan(0, length));
            // Small values reach deeper into the parsers than uniform bytes do.
            if (i % 2 == 0)
            {
                for (int j = 0; j < length; j++)
                    buffer[j] &= 0x3f;
            }
            buffer[0] = (byte)sample.RawType;
            PacketType packetType = FrameSamples.FramePacketTypes[i % 4];
            ReadAll(buffer.AsSpan(0, length), packetType);
        }
    }

    [Fact]
    public void Random_payloads_never_throw()
    {
        var random = new Random(12);
        var buffer = new byte[200];
        for (int i = 0; i < 20_000; i++)
        {
            int length = random.Next(0, buffer.Length + 1);
            random.NextBytes(buffer.AsSpan(0, length));
            ReadAll(buffer.AsSpan(0, length), FrameSamples.FramePacketTypes[i % 4]);
        }
    }

    // Reads until the reader stops; every error must be one of the frame-level errors.
    private static void ReadAll(ReadOnlySpan<byte> payload, PacketType packetType)
    {
        var reader = new FrameReader(payload, packetType);
        for (int guard = 0; guard <= payload.Length; guard++)
        {
            if (reader.TryReadFrame(out Frame frame, out QuicError error))
            {
                Touch(frame);
                continue;
            }
            if (error.IsError)
                Assert.True(error.Code is TransportErrorCode.FrameEncodingError or TransportErrorCode.ProtocolViolation, error.ToString());
            return;
        }
        Assert.Fail("the reader did not stop");
    }

    // Reads every field a consumer would, including walking ACK ranges.
    private static void Touch(Frame frame)
    {
        if (frame.Type != FrameType.Ack)
            return;
        AckFrame ack = frame.Ack;
        long previousSmallest = long.MaxValue;
        foreach (AckRange range in ack.Ranges)
        {
            Assert.InRange(range.Smallest, 0, range.Largest);
            Assert.True(range.Largest < previousSmallest);
            previousSmallest = range.Smallest;
        }
    }

    [Fact]
    public void Empty_payload_is_a_protocol_violation()
    {
        var reader = new FrameReader([], PacketType.OneRtt);
        Assert.False(reader.TryReadFrame(out _, out QuicError error));
        Assert.Equal(TransportErrorCode.ProtocolViolation, error.Code);
    }

    [Theory]
    [InlineData("1f", 0x1fUL)]
    [InlineData("20", 0x20UL)]
    [InlineData("2f", 0x2fUL)]
    [InlineData("32", 0x32UL)]
    [InlineData("3f", 0x3fUL)]
    [InlineData("4040", 0x40UL)]
    [InlineData("80001234", 0x1234UL)]
    [InlineData("c0000000000000ff", 0xffUL)]
    public void Unknown_frame_types_are_a_frame_encoding_error(string hex, ulong rawType)
    {
        var reader = new FrameReader(WireHex.Bytes(hex), PacketType.OneRtt);
        Assert.False(reader.TryReadFrame(out _, out QuicError error));
        Assert.Equal(TransportErrorCode.FrameEncodingError, error.Code);
        Assert.Equal(rawType, error.FrameType);
    }

    [Fact]
    public void Truncated_frame_type_is_a_frame_encoding_error()
    {
        var reader = new FrameReader(WireHex.Bytes("40"), PacketType.OneRtt);
        Assert.False(reader.TryReadFrame(out _, out QuicError error));
        Assert.Equal(TransportErrorCode.FrameEncodingError, error.Code);
    }

    [Fact]
    public void Non_minimal_frame_types_are_accepted()
    {
        // PING as a 2-byte varint, then MAX_DATA as a 4-byte varint.
        var reader = new FrameReader(WireHex.Bytes("4001 80000010 05"), PacketType.OneRtt);
        Assert.True(reader.TryReadFrame(out Frame ping, out _));
        Assert.Equal(FrameType.Ping, ping.Type);
        Assert.True(reader.TryReadFrame(out Frame maxData, out _));
        Assert.Equal(5UL, maxData.MaxData.MaximumData);
    }

    [Fact]
    public void Reader_stays_failed_after_an_error()
    {
        var reader = new FrameReader(WireHex.Bytes("1f 01"), PacketType.OneRtt);
        Assert.False(reader.TryReadFrame(out _, out QuicError first));
        Assert.False(reader.TryReadFrame(out _, out QuicError second));
        Assert.Equal(first, second);
    }

    [Theory]
    [InlineData("02 05 00 00 06", "first range below 0")]
    [InlineData("02 05 00 01 02 02 00", "gap below 0")]
    [InlineData("02 0a 00 01 02 00 07", "range below 0 after gap")]
    [InlineData("02 0a 00 40 ff 00", "range count beyond the frame")]
    [InlineData("03 0a 00 00 00 01 02", "ECN counts truncated")]
    public void Ack_ranges_below_zero_or_truncated_are_frame_encoding_errors(string hex, string because)
    {
        var reader = new FrameReader(WireHex.Bytes(hex), PacketType.OneRtt);
        Assert.False(reader.TryReadFrame(out _, out QuicError error), because);
        Assert.Equal(TransportErrorCode.FrameEncodingError, error.Code);
        Assert.Equal(WireHex.Bytes(hex)[0], (byte)error.FrameType);
    }

    [Fact]
    public void Ack_range_reaching_exactly_zero_is_valid()
    {
        // Largest 10, first range 2 (8..10), gap 0 -> next largest 6, length 6 -> 0..6.
        var reader = new FrameReader(WireHex.Bytes("02 0a 00 01 02 00 06"), PacketType.OneRtt);
        Assert.True(reader.TryReadFrame(out Frame frame, out QuicError error), error.ToString());
        var ranges = new List<AckRange>();
        foreach (AckRange range in frame.Ack.Ranges)
            ranges.Add(range);
        Assert.Equal([new AckRange(8, 10), new AckRange(0, 6)], ranges);
    }

    // RFC 9000 §19.6 and §19.8: offset + length must not exceed 2^62-1.
    [Theory]
    [InlineData("0e 04 fffffffffffffffe 01 aa", true)] // STREAM offset 2^62-2, 1 byte: ends at 2^62-1
    [InlineData("0e 04 fffffffffffffffe 02 aaaa", false)]
    [InlineData("0c 04 ffffffffffffffff aa", false)] // offset 2^62-1 plus one byte to the end
    [InlineData("0c 04 ffffffffffffffff", true)] // empty frame at 2^62-1
    [InlineData("06 fffffffffffffffe 01 aa", true)] // CRYPTO
    [InlineData("06 fffffffffffffffe 02 aaaa", false)]
    public void Stream_and_crypto_data_beyond_2_pow_62_is_a_frame_encoding_error(string hex, bool valid)
    {
        byte[] bytes = WireHex.Bytes(hex);
        PacketType packetType = bytes[0] == 0x06 ? PacketType.Initial : PacketType.OneRtt;
        var reader = new FrameReader(bytes, packetType);
        bool parsed = reader.TryReadFrame(out _, out QuicError error);
        Assert.Equal(valid, parsed);
        if (!valid)
            Assert.Equal((TransportErrorCode.FrameEncodingError, (ulong)bytes[0]), (error.Code, error.FrameType));
    }

    [Theory]
    [InlineData("12 c000000000000000", true)] // MAX_STREAMS bidi 0
    [InlineData("12 d000000000000000", true)] // 2^60
    [InlineData("12 d000000000000001", false)] // 2^60 + 1
    [InlineData("13 ffffffffffffffff", false)]
    [InlineData("16 d000000000000000", true)] // STREAMS_BLOCKED
    [InlineData("16 d000000000000001", false)]
    [InlineData("17 d000000000000001", false)]
    public void Stream_counts_above_2_pow_60_are_a_frame_encoding_error(string hex, bool valid)
    {
        byte[] bytes = WireHex.Bytes(hex);
        var reader = new FrameReader(bytes, PacketType.OneRtt);
        bool parsed = reader.TryReadFrame(out Frame frame, out QuicError error);
        Assert.Equal(valid, parsed);
        if (valid)
            Assert.True(frame.Type is FrameType.MaxStreamsBidi or FrameType.StreamsBlockedBidi);
        else
            Assert.Equal((TransportErrorCode.FrameEncodingError, (ulong)bytes[0]), (error.Code, error.FrameType));
    }

    [Theory]
    [InlineData("18 01 00 00 00112233445566778899aabbccddeeff", "zero-length connection ID")]
    [InlineData("18 01 00 15 0102030405060708090a0b0c0d0e0f101112131415 00112233445566778899aabbccddeeff", "21-byte connection ID")]
    [InlineData("18 01 02 01 aa 00112233445566778899aabbccddeeff", "Retire Prior To above Sequence Number")]
    [InlineData("18 01 00 01 aa 00112233445566778899aabbccddee", "15-byte reset token")]
    [InlineData("07 00", "empty NEW_TOKEN")]
    [InlineData("07 05 0102", "NEW_TOKEN beyond the frame")]
    [InlineData("1c 0a 08 05 6162", "reason phrase beyond the frame")]
    [InlineData("1d 0a 40", "application close reason length truncated")]
    [InlineData("31 05 0102", "DATAGRAM beyond the frame")]
    [InlineData("0a 04 05 010203", "STREAM data beyond the frame")]
    [InlineData("1a 01020304050607", "PATH_CHALLENGE data short")]
    public void Field_rules_of_section_19_are_frame_encoding_errors(string hex, string because)
    {
        byte[] bytes = WireHex.Bytes(hex);
        var reader = new FrameReader(bytes, PacketType.OneRtt);
        Assert.False(reader.TryReadFrame(out _, out QuicError error), because);
        Assert.Equal(TransportErrorCode.FrameEncodingError, error.Code);
        Assert.Equal((ulong)bytes[0], error.FrameType);
    }

    [Fact]
    public void New_connection_id_with_retire_prior_to_equal_to_sequence_is_valid()
    {
        var reader = new FrameReader(WireHex.Bytes("18 02 02 01 aa 00112233445566778899aabbccddeeff"), PacketType.OneRtt);
        Assert.True(reader.TryReadFrame(out Frame frame, out _));
        NewConnectionIdFrame ncid = frame.NewConnectionId;
        Assert.Equal((2UL, 2UL), (ncid.SequenceNumber, ncid.RetirePriorTo));
        Assert.Equal(new byte[] { 0xaa }, ncid.ConnectionId.ToArray());
        Assert.Equal(16, ncid.StatelessResetToken.Length);
    }

    [Fact]
    public void Asking_for_the_wrong_view_is_a_programming_error()
    {
        Assert.Throws<InvalidOperationException>(() =>
        {
            var reader = new FrameReader([0x01], PacketType.OneRtt);
            reader.TryReadFrame(out Frame frame, out _);
            _ = frame.Stream;
        });
    }
}
