namespace QuicKestrel.Protocol.Wire;

/// <summary>Parses long and short headers (RFC 9000 §17.2, §17.3; RFC 8999 §5; RFC 9369 §3).</summary>
internal static class PacketHeaderParser
{
    public static bool TryParse(ReadOnlySpan<byte> datagram, int shortHeaderConnectionIdLength, out PacketHeader header)
    {
        header = default;
        if (datagram.IsEmpty)
            return false;
        return HeaderBits.IsLongHeader(datagram[0])
            ? TryParseLong(datagram, out header)
            : TryParseShort(datagram, shortHeaderConnectionIdLength, out header);
    }

    private static bool TryParseShort(ReadOnlySpan<byte> datagram, int connectionIdLength, out PacketHeader header)
    {
        header = default;
        if (connectionIdLength is < 0 or > WireLimits.MaxConnectionIdLength || datagram.Length < 1 + connectionIdLength)
            return false;
        header = new PacketHeader
        {
            FirstByte = datagram[0],
            Type = PacketType.OneRtt,
            DestinationConnectionId = datagram.Slice(1, connectionIdLength),
            PacketNumberOffset = 1 + connectionIdLength,
            PacketLength = datagram.Length,
        };
        return true;
    }

    private static bool TryParseLong(ReadOnlySpan<byte> datagram, out PacketHeader header)
    {
        header = default;
        var reader = new SpanReader(datagram);
        if (!reader.TryReadByte(out byte firstByte)
            || !reader.TryReadUInt32(out uint version)
            || !reader.TryReadByteLengthPrefixedBytes(out ReadOnlySpan<byte> dcid)
            || !reader.TryReadByteLengthPrefixedBytes(out ReadOnlySpan<byte> scid))
            return false;

        if (version == QuicVersion.Negotiation)
            return TryParseVersionNegotiation(ref reader, firstByte, dcid, scid, out header);

        if (!QuicVersion.IsSupported(version))
        {
            // RFC 8999 §5.1: only the invariant fields are known; the packet runs to the datagram's end.
            header = new PacketHeader
            {
                FirstByte = firstByte,
                Type = PacketType.UnsupportedVersion,
                Version = version,
                DestinationConnectionId = dcid,
                SourceConnectionId = scid,
                PacketLength = datagram.Length,
            };
            return true;
        }

        // RFC 9000 §17.2: v1 (and v2) connection IDs are at most 20 bytes.
        if (dcid.Length > WireLimits.MaxConnectionIdLength || scid.Length > WireLimits.MaxConnectionIdLength)
            return false;

        PacketType type = LongPacketTypeBits.FromBits((firstByte >> 4) & 0x03, version);
        return type == PacketType.Retry
            ? TryParseRetry(ref reader, firstByte, version, dcid, scid, out header)
            : TryParseWithLength(ref reader, firstByte, type, version, dcid, scid, out header);
    }

    private static bool TryParseVersionNegotiation(
        scoped ref SpanReader reader, byte firstByte, ReadOnlySpan<byte> dcid, ReadOnlySpan<byte> scid, out PacketHeader header)
    {
        header = default;
        ReadOnlySpan<byte> versions = reader.ReadRemaining();
        if (versions.Length % 4 != 0)
            return false;
        header = new PacketHeader
        {
            FirstByte = firstByte,
            Type = PacketType.VersionNegotiation,
            DestinationConnectionId = dcid,
            SourceConnectionId = scid,
            SupportedVersions = new VersionList(versions),
            PacketLength = reader.Buffer.Length,
        };
        return true;
    }

    private static bool TryParseRetry(
        scoped ref SpanReader reader, byte firstByte, uint version, ReadOnlySpan<byte> dcid, ReadOnlySpan<byte> scid, out PacketHeader header)
    {
        header = default;
        ReadOnlySpan<byte> rest = reader.ReadRemaining();
        // RFC 9000 §17.2.5.2: a client discards a Retry whose token is empty.
        if (rest.Length <= RetryPacket.IntegrityTagLength)
            return false;
        header = new PacketHeader
        {
            FirstByte = firstByte,
            Type = PacketType.Retry,
            Version = version,
            DestinationConnectionId = dcid,
            SourceConnectionId = scid,
            Token = rest[..^RetryPacket.IntegrityTagLength],
            RetryIntegrityTag = rest[^RetryPacket.IntegrityTagLength..],
            PacketLength = reader.Buffer.Length,
        };
        return true;
    }

    private static bool TryParseWithLength(
        scoped ref SpanReader reader, byte firstByte, PacketType type, uint version,
        ReadOnlySpan<byte> dcid, ReadOnlySpan<byte> scid, out PacketHeader header)
    {
        header = default;
        ReadOnlySpan<byte> token = default;
        if (type == PacketType.Initial && !reader.TryReadLengthPrefixedBytes(out token))
            return false;
        if (!reader.TryReadVarInt(out ulong length) || length > (ulong)reader.Remaining)
            return false;
        header = new PacketHeader
        {
            FirstByte = firstByte,
            Type = type,
            Version = version,
            DestinationConnectionId = dcid,
            SourceConnectionId = scid,
            Token = token,
            Length = length,
            PacketNumberOffset = reader.Position,
            PacketLength = reader.Position + (int)length,
        };
        return true;
    }
}
