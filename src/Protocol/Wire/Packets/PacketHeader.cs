namespace QuicKestrel.Protocol.Wire;

/// <summary>
/// The header of one QUIC packet, parsed without keys (RFC 9000 §17). Connection IDs, token and
/// tag are slices of the datagram. Protected bits (packet-number length, key phase, reserved
/// bits) are not interpreted here: remove header protection, then use <see cref="HeaderBits"/>.
/// </summary>
internal readonly ref struct PacketHeader
{
    /// <summary>The first byte as received (still header-protected for Initial, 0-RTT, Handshake and 1-RTT).</summary>
    public byte FirstByte { get; init; }

    public PacketType Type { get; init; }

    public bool IsLongHeader => HeaderBits.IsLongHeader(FirstByte);

    /// <summary>The fixed bit (0x40); RFC 9000 §17.2 requires it set unless grease_quic_bit (RFC 9287) was negotiated.</summary>
    public bool FixedBit => HeaderBits.HasFixedBit(FirstByte);

    /// <summary>The version field of a long header; 0 for short headers.</summary>
    public uint Version { get; init; }

    public ReadOnlySpan<byte> DestinationConnectionId { get; init; }

    /// <summary>Empty for short headers.</summary>
    public ReadOnlySpan<byte> SourceConnectionId { get; init; }

    /// <summary>The Token of an Initial packet or the Retry Token of a Retry packet; empty otherwise.</summary>
    public ReadOnlySpan<byte> Token { get; init; }

    /// <summary>The 16-byte Retry Integrity Tag of a Retry packet (checked by the Crypto layer).</summary>
    public ReadOnlySpan<byte> RetryIntegrityTag { get; init; }

    /// <summary>The Supported Versions of a Version Negotiation packet.</summary>
    public VersionList SupportedVersions { get; init; }

    /// <summary>
    /// The Length field of Initial, 0-RTT and Handshake packets: packet number plus protected
    /// payload. 0 for other types.
    /// </summary>
    public ulong Length { get; init; }

    /// <summary>
    /// Offset of the (protected) packet number from the packet's first byte, for Initial,
    /// 0-RTT, Handshake and 1-RTT packets; 0 for other types.
    /// </summary>
    public int PacketNumberOffset { get; init; }

    /// <summary>
    /// Bytes this packet occupies in the datagram. Long headers with a Length field end there
    /// and another packet may follow (RFC 9000 §12.2); every other packet runs to the end.
    /// </summary>
    public int PacketLength { get; init; }

    /// <summary>True when the header carries a Length field, so coalesced packets may follow.</summary>
    public bool HasLengthField => Type is PacketType.Initial or PacketType.ZeroRtt or PacketType.Handshake;

    /// <summary>
    /// Parses the header of the first packet in <paramref name="datagram"/>. Short headers carry no
    /// connection ID length, so the caller gives the length of the IDs it issued in
    /// <paramref name="shortHeaderConnectionIdLength"/>. False when the bytes cannot be a valid
    /// packet of a supported version (the datagram or the rest of it is to be dropped).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> datagram, int shortHeaderConnectionIdLength, out PacketHeader header) =>
        PacketHeaderParser.TryParse(datagram, shortHeaderConnectionIdLength, out header);
}
