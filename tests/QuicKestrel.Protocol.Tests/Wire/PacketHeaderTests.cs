using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Tests.Wire;

public class PacketHeaderTests
{
    private static readonly byte[] ClientDcid = WireHex.Bytes("8394c8f03e515708");
    private static readonly byte[] ServerScid = WireHex.Bytes("f067a5502a4262b5");

    // RFC 9001 Appendix A.2 (v1) and RFC 9369 Appendix A.2 (v2): the client Initial's unprotected header.
    [Theory]
    [InlineData(QuicVersion.V1, "c300000001088394c8f03e5157080000449e00000002")]
    [InlineData(QuicVersion.V2, "d36b3343cf088394c8f03e5157080000449e00000002")]
    public void Client_initial_header_is_written_byte_exact_and_parses(uint version, string expectedHex)
    {
        var packet = new byte[1200];
        Assert.True(PacketHeaderWriter.TryWriteLongHeader(
            packet, PacketType.Initial, version, ClientDcid, [], [], packetNumber: 2, packetNumberLength: 4, out LongHeaderLayout layout));
        Assert.Equal(22, layout.HeaderLength);
        layout.WriteLength(packet, 1200 - layout.HeaderLength);
        Assert.Equal(expectedHex, WireHex.String(packet.AsSpan(0, layout.HeaderLength)));

        Assert.True(PacketHeader.TryParse(packet, 0, out PacketHeader header));
        Assert.Equal(PacketType.Initial, header.Type);
        Assert.True(header.IsLongHeader);
        Assert.True(header.FixedBit);
        Assert.Equal(version, header.Version);
        Assert.Equal(ClientDcid, header.DestinationConnectionId.ToArray());
        Assert.True(header.SourceConnectionId.IsEmpty);
        Assert.True(header.Token.IsEmpty);
        Assert.Equal(1182UL, header.Length);
        Assert.Equal(18, header.PacketNumberOffset);
        Assert.Equal(1200, header.PacketLength);
        Assert.Equal(4, HeaderBits.GetPacketNumberLength(header.FirstByte));
        Assert.False(HeaderBits.HasReservedBitsSet(header.FirstByte));
    }

    // RFC 9001 Appendix A.3 and RFC 9369 Appendix A.3: the server Initial (packet number 1 in 2 bytes, 99-byte payload).
    [Theory]
    [InlineData(QuicVersion.V1, "c1000000010008f067a5502a4262b50040750001")]
    [InlineData(QuicVersion.V2, "d16b3343cf0008f067a5502a4262b50040750001")]
    public void Server_initial_header_is_written_byte_exact(uint version, string expectedHex)
    {
        var packet = new byte[20 + 115];
        Assert.True(PacketHeaderWriter.TryWriteLongHeader(
            packet, PacketType.Initial, version, [], ServerScid, [], 1, 2, out LongHeaderLayout layout));
        layout.WriteLength(packet, 99 + 16);
        Assert.Equal(expectedHex, WireHex.String(packet.AsSpan(0, layout.HeaderLength)));
        Assert.True(PacketHeader.TryParse(packet, 0, out PacketHeader header));
        Assert.Equal(ServerScid, header.SourceConnectionId.ToArray());
        Assert.Equal(0x75UL, header.Length);
        Assert.Equal(packet.Length, header.PacketLength);
    }

    // RFC 9369 §3.2: v2 rotates the long-header type bits.
    [Theory]
    [InlineData((int)PacketType.Initial, 0, 1)]
    [InlineData((int)PacketType.ZeroRtt, 1, 2)]
    [InlineData((int)PacketType.Handshake, 2, 3)]
    [InlineData((int)PacketType.Retry, 3, 0)]
    public void Long_header_type_bits_for_v1_and_v2(int typeValue, int v1Bits, int v2Bits)
    {
        var type = (PacketType)typeValue;
        Assert.Equal(v1Bits, LongPacketTypeBits.ToBits(type, QuicVersion.V1));
        Assert.Equal(v2Bits, LongPacketTypeBits.ToBits(type, QuicVersion.V2));
        Assert.Equal(type, LongPacketTypeBits.FromBits(v1Bits, QuicVersion.V1));
        Assert.Equal(type, LongPacketTypeBits.FromBits(v2Bits, QuicVersion.V2));
    }

    [Theory]
    [InlineData((int)PacketType.Initial, QuicVersion.V1)]
    [InlineData((int)PacketType.ZeroRtt, QuicVersion.V1)]
    [InlineData((int)PacketType.Handshake, QuicVersion.V1)]
    [InlineData((int)PacketType.Initial, QuicVersion.V2)]
    [InlineData((int)PacketType.ZeroRtt, QuicVersion.V2)]
    [InlineData((int)PacketType.Handshake, QuicVersion.V2)]
    public void Long_headers_round_trip(int typeValue, uint version)
    {
        var type = (PacketType)typeValue;
        byte[] token = type == PacketType.Initial ? [9, 8, 7] : [];
        var packet = new byte[300];
        Assert.True(PacketHeaderWriter.TryWriteLongHeader(
            packet, type, version, ClientDcid, ServerScid, token, 0x1234, 2, out LongHeaderLayout layout, lengthFieldSize: 4));
        layout.WriteLength(packet, 100);
        Assert.True(PacketHeader.TryParse(packet, 0, out PacketHeader header));
        Assert.Equal(type, header.Type);
        Assert.Equal(version, header.Version);
        Assert.Equal(ClientDcid, header.DestinationConnectionId.ToArray());
        Assert.Equal(ServerScid, header.SourceConnectionId.ToArray());
        Assert.Equal(token, header.Token.ToArray());
        Assert.Equal(102UL, header.Length);
        Assert.Equal(layout.PacketNumberOffset, header.PacketNumberOffset);
        Assert.Equal(layout.HeaderLength + 100, header.PacketLength);
        Assert.True(PacketNumber.TryRead(packet.AsSpan(header.PacketNumberOffset), 2, out uint pn));
        Assert.Equal(0x1234u, pn);
    }

    // RFC 9001 Appendix A.5 / RFC 9369 Appendix A.5: the short header 0x42 with packet number 0x00bff4 and no DCID.
    [Fact]
    public void Short_header_matches_rfc9001_a5_and_round_trips()
    {
        var packet = new byte[21];
        Assert.True(PacketHeaderWriter.TryWriteShortHeader(packet, [], 654360564, 3, keyPhase: false, spinBit: false, out int headerLength));
        Assert.Equal("4200bff4", WireHex.String(packet.AsSpan(0, headerLength)));

        var withCid = new byte[64];
        Assert.True(PacketHeaderWriter.TryWriteShortHeader(withCid, ClientDcid, 7, 1, keyPhase: true, spinBit: true, out headerLength));
        Assert.True(PacketHeader.TryParse(withCid, ClientDcid.Length, out PacketHeader header));
        Assert.Equal(PacketType.OneRtt, header.Type);
        Assert.False(header.IsLongHeader);
        Assert.Equal(ClientDcid, header.DestinationConnectionId.ToArray());
        Assert.Equal(9, header.PacketNumberOffset);
        Assert.Equal(64, header.PacketLength);
        Assert.True(HeaderBits.GetKeyPhase(header.FirstByte));
        Assert.True(HeaderBits.GetSpinBit(header.FirstByte));
        Assert.Equal(1, HeaderBits.GetPacketNumberLength(header.FirstByte));
        Assert.Equal(10, headerLength);
    }

    [Fact]
    public void Header_bits_helpers()
    {
        Assert.Equal(0x0f, HeaderBits.GetProtectedBits(0xc3));
        Assert.Equal(0x1f, HeaderBits.GetProtectedBits(0x43));
        Assert.True(HeaderBits.HasReservedBitsSet(0xc0 | 0x08));
        Assert.True(HeaderBits.HasReservedBitsSet(0x40 | 0x10));
        Assert.False(HeaderBits.HasReservedBitsSet(0x40 | 0x07));
        Assert.False(HeaderBits.HasReservedBitsSet(0xc0 | 0x03));
    }

    // RFC 9001 Appendix A.4 and RFC 9369 Appendix A.4: Retry packets.
    [Theory]
    [InlineData(QuicVersion.V1, "ff000000010008f067a5502a4262b5746f6b656e04a265ba2eff4d829058fb3f0f2496ba", "04a265ba2eff4d829058fb3f0f2496ba")]
    [InlineData(QuicVersion.V2, "cf6b3343cf0008f067a5502a4262b5746f6b656ec8646ce8bfe33952d955543665dcc7b6", "c8646ce8bfe33952d955543665dcc7b6")]
    public void Retry_packets_parse_and_write_byte_exact(uint version, string packetHex, string tagHex)
    {
        byte[] packet = WireHex.Bytes(packetHex);
        Assert.True(PacketHeader.TryParse(packet, 0, out PacketHeader header));
        Assert.Equal(PacketType.Retry, header.Type);
        Assert.Equal(version, header.Version);
        Assert.True(header.DestinationConnectionId.IsEmpty);
        Assert.Equal(ServerScid, header.SourceConnectionId.ToArray());
        Assert.Equal("token"u8.ToArray(), header.Token.ToArray());
        Assert.Equal(tagHex, WireHex.String(header.RetryIntegrityTag));
        Assert.Equal(packet.Length, header.PacketLength);
        Assert.Equal(packet.Length - 16, RetryPacket.WithoutTag(packet).Length);

        var written = new byte[64];
        Assert.True(RetryPacket.TryWrite(written, version, [], ServerScid, "token"u8, 0x0f, WireHex.Bytes(tagHex), out int length));
        Assert.Equal(packetHex, WireHex.String(written.AsSpan(0, length)));
    }

    [Fact]
    public void Retry_pseudo_packet_prefixes_the_original_dcid()
    {
        byte[] retry = WireHex.Bytes("ff000000010008f067a5502a4262b5746f6b656e");
        var pseudo = new byte[64];
        Assert.True(RetryPacket.TryWritePseudoPacket(pseudo, ClientDcid, retry, out int length));
        Assert.Equal("088394c8f03e515708" + "ff000000010008f067a5502a4262b5746f6b656e", WireHex.String(pseudo.AsSpan(0, length)));
        Assert.False(RetryPacket.TryWritePseudoPacket(new byte[10], ClientDcid, retry, out _));
    }

    [Fact]
    public void Retry_without_token_is_rejected()
    {
        // RFC 9000 §17.2.5.2: a Retry with an empty token is discarded.
        byte[] packet = WireHex.Bytes("ff000000010008f067a5502a4262b5" + "04a265ba2eff4d829058fb3f0f2496ba");
        Assert.False(PacketHeader.TryParse(packet, 0, out _));
        Assert.Throws<ArgumentException>(() => RetryPacket.TryWriteWithoutTag(new byte[64], QuicVersion.V1, [], ServerScid, [], 0, out _));
    }

    [Fact]
    public void Version_negotiation_round_trips()
    {
        var packet = new byte[64];
        uint[] versions = [QuicVersion.V2, QuicVersion.V1, 0x1a2a3a4a];
        Assert.True(VersionNegotiationPacket.TryWrite(packet, ServerScid, ClientDcid, versions, 0x15, out int length));
        Assert.Equal(0xc0 | 0x15, packet[0]);
        Assert.Equal(1 + 4 + 9 + 9 + 12, length);

        Assert.True(PacketHeader.TryParse(packet.AsSpan(0, length), 0, out PacketHeader header));
        Assert.Equal(PacketType.VersionNegotiation, header.Type);
        Assert.Equal(0u, header.Version);
        Assert.Equal(ServerScid, header.DestinationConnectionId.ToArray());
        Assert.Equal(ClientDcid, header.SourceConnectionId.ToArray());
        Assert.Equal(3, header.SupportedVersions.Count);
        var parsed = new List<uint>();
        foreach (uint version in header.SupportedVersions)
            parsed.Add(version);
        Assert.Equal(versions, parsed);
        Assert.True(header.SupportedVersions.Contains(QuicVersion.V1));
        Assert.False(header.SupportedVersions.Contains(0x0a0a0a0a));
        Assert.Equal(length, header.PacketLength);
        Assert.False(VersionNegotiationPacket.TryWrite(new byte[30], ServerScid, ClientDcid, versions, 0, out _));
    }

    [Fact]
    public void Version_negotiation_with_a_partial_version_is_rejected()
    {
        byte[] packet = WireHex.Bytes("80 00000000 00 00 00000001 0000");
        Assert.False(PacketHeader.TryParse(packet, 0, out _));
    }

    [Fact]
    public void Unsupported_versions_expose_the_invariant_fields()
    {
        // RFC 8999: connection IDs of other versions may be up to 255 bytes.
        var packet = new List<byte> { 0xc0, 0x0a, 0x1a, 0x2a, 0x3a, 30 };
        packet.AddRange(Enumerable.Range(1, 30).Select(i => (byte)i));
        packet.Add(2);
        packet.AddRange([0xaa, 0xbb]);
        packet.AddRange(new byte[1200 - packet.Count]);
        Assert.True(PacketHeader.TryParse(packet.ToArray(), 0, out PacketHeader header));
        Assert.Equal(PacketType.UnsupportedVersion, header.Type);
        Assert.Equal(0x0a1a2a3au, header.Version);
        Assert.Equal(30, header.DestinationConnectionId.Length);
        Assert.Equal(new byte[] { 0xaa, 0xbb }, header.SourceConnectionId.ToArray());
        Assert.Equal(1200, header.PacketLength);
    }

    [Fact]
    public void Coalesced_packets_are_walked_by_packet_length()
    {
        var datagram = new byte[1200];
        int offset = WriteLongPacket(datagram, PacketType.Initial, payloadLength: 200);
        offset += WriteLongPacket(datagram.AsSpan(offset), PacketType.Handshake, payloadLength: 300);
        offset += WriteLongPacket(datagram.AsSpan(offset), PacketType.ZeroRtt, payloadLength: 100);
        Assert.True(PacketHeaderWriter.TryWriteShortHeader(datagram.AsSpan(offset), ClientDcid, 9, 1, false, false, out _));

        var types = new List<PacketType>();
        var lengths = new List<int>();
        ReadOnlySpan<byte> rest = datagram;
        for (int guard = 0; !rest.IsEmpty && guard < 10; guard++)
        {
            Assert.True(PacketHeader.TryParse(rest, ClientDcid.Length, out PacketHeader header));
            types.Add(header.Type);
            lengths.Add(header.PacketLength);
            Assert.Equal(header.HasLengthField, header.Type != PacketType.OneRtt);
            rest = rest[header.PacketLength..];
        }
        Assert.Equal([PacketType.Initial, PacketType.Handshake, PacketType.ZeroRtt, PacketType.OneRtt], types);
        Assert.Equal(1200, lengths.Sum());
        Assert.Equal(1200 - offset, lengths[3]);
    }

    private static int WriteLongPacket(Span<byte> destination, PacketType type, int payloadLength)
    {
        Assert.True(PacketHeaderWriter.TryWriteLongHeader(destination, type, QuicVersion.V1, ClientDcid, ServerScid, [], 3, 1, out LongHeaderLayout layout));
        layout.WriteLength(destination, payloadLength);
        return layout.HeaderLength + payloadLength;
    }

    [Theory]
    [InlineData("")]
    [InlineData("c0")]
    [InlineData("c000000001")]
    [InlineData("c00000000108")]
    [InlineData("c000000001000005")] // token length with no token
    [InlineData("c00000000100000044")] // truncated Length varint
    [InlineData("c0000000010000000501020304")] // Length beyond the datagram
    [InlineData("e0000000010000")] // Handshake without Length
    public void Malformed_long_headers_are_rejected(string hex)
    {
        Assert.False(PacketHeader.TryParse(WireHex.Bytes(hex), 0, out _));
    }

    [Theory]
    [InlineData(QuicVersion.V1)]
    [InlineData(QuicVersion.V2)]
    public void Connection_ids_longer_than_20_bytes_are_rejected_for_v1_and_v2(uint version)
    {
        Assert.True(PacketHeader.TryParse(InitialWithConnectionIds(version, 20, 20), 0, out _));
        Assert.False(PacketHeader.TryParse(InitialWithConnectionIds(version, 21, 0), 0, out _));
        Assert.False(PacketHeader.TryParse(InitialWithConnectionIds(version, 0, 21), 0, out _));
    }

    // An Initial with empty token and Length 0, so only the connection ID lengths can make it invalid.
    private static byte[] InitialWithConnectionIds(uint version, int dcidLength, int scidLength)
    {
        var packet = new List<byte> { (byte)(0xc0 | (LongPacketTypeBits.ToBits(PacketType.Initial, version) << 4)) };
        packet.AddRange([(byte)(version >> 24), (byte)(version >> 16), (byte)(version >> 8), (byte)version]);
        packet.Add((byte)dcidLength);
        packet.AddRange(new byte[dcidLength]);
        packet.Add((byte)scidLength);
        packet.AddRange(new byte[scidLength]);
        packet.AddRange([0, 0]);
        return packet.ToArray();
    }

    [Fact]
    public void Short_header_shorter_than_its_connection_id_is_rejected()
    {
        Assert.False(PacketHeader.TryParse(WireHex.Bytes("4001020304"), 8, out _));
        Assert.False(PacketHeader.TryParse(WireHex.Bytes("4001020304"), 21, out _));
    }

    [Fact]
    public void Writers_report_lack_of_room()
    {
        Assert.False(PacketHeaderWriter.TryWriteLongHeader(new byte[20], PacketType.Initial, QuicVersion.V1, ClientDcid, ServerScid, [], 0, 4, out _));
        Assert.False(PacketHeaderWriter.TryWriteShortHeader(new byte[9], ClientDcid, 0, 2, false, false, out _));
        Assert.False(RetryPacket.TryWriteWithoutTag(new byte[30], QuicVersion.V1, [], ServerScid, "token"u8, 0, out _));
        Assert.Throws<ArgumentException>(() => PacketHeaderWriter.TryWriteLongHeader(
            new byte[100], PacketType.Handshake, QuicVersion.V1, ClientDcid, ServerScid, [1], 0, 1, out _));
        Assert.Throws<ArgumentException>(() => PacketHeaderWriter.TryWriteShortHeader(new byte[100], new byte[21], 0, 1, false, false, out _));
    }

    [Fact]
    public void Length_field_reservation_limits_the_payload()
    {
        var packet = new byte[100];
        Assert.True(PacketHeaderWriter.TryWriteLongHeader(packet, PacketType.Handshake, QuicVersion.V1, [], [], [], 0, 2, out LongHeaderLayout layout));
        Assert.Equal(16383 - 2, layout.MaxPayloadLength);
        Assert.Throws<ArgumentOutOfRangeException>(() => layout.WriteLength(packet, 16382));
    }

    [Fact]
    public void Random_datagrams_never_throw()
    {
        var random = new Random(17);
        for (int i = 0; i < 20_000; i++)
        {
            var datagram = new byte[random.Next(0, 80)];
            random.NextBytes(datagram);
            if (datagram.Length > 4 && random.Next(2) == 0)
            {
                // Keep the version supported half the time so the v1/v2 paths are exercised.
                datagram[0] |= 0x80;
                datagram[1] = 0; datagram[2] = 0; datagram[3] = 0; datagram[4] = 1;
            }
            ReadOnlySpan<byte> rest = datagram;
            for (int guard = 0; guard < 100 && PacketHeader.TryParse(rest, random.Next(0, 21), out PacketHeader header); guard++)
            {
                Assert.InRange(header.PacketLength, 1, rest.Length);
                rest = rest[header.PacketLength..];
                if (rest.IsEmpty)
                    break;
            }
        }
    }
}
