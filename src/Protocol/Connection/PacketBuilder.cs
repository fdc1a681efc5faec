using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Recovery;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Connection;

/// <summary>
/// One packet being assembled inside a datagram buffer (RFC 9000 §17): where its header, frames
/// and tag go, and what it carries. Frames are written through a <see cref="PacketWriter"/>;
/// the packet is sealed (Length field, padding, AEAD, header protection) only when the datagram
/// is complete, so the last packet of a datagram can still take the padding a client Initial
/// datagram needs (RFC 9000 §14.1).
/// </summary>
internal struct PacketBuilder
{
    public PacketNumberSpace Space;
    public PacketType Type;
    public long PacketNumber;
    public int PacketNumberLength;

    /// <summary>Offset of the packet's first byte in the datagram.</summary>
    public int Start;

    /// <summary>Offset of the packet number.</summary>
    public int PacketNumberOffset;

    /// <summary>Offset just past the last frame written.</summary>
    public int Position;

    /// <summary>Frames may not extend past this offset (the AEAD tag follows).</summary>
    public int Limit;

    public LongHeaderLayout Layout;
    public bool IsAckEliciting;
    public bool HasPadding;

    /// <summary>A DPLPMTUD probe: recovery must not read its loss as congestion.</summary>
    public bool IsMtuProbe;

    /// <summary>The largest packet number of the ACK frame in this packet, or -1.</summary>
    public long AckLargest;

    /// <summary>The packet's frame records in the <see cref="SentFrameLog"/>.</summary>
    public long FramesToken;

    public readonly bool IsLongHeader => Type != PacketType.OneRtt;

    public readonly int PayloadStart => PacketNumberOffset + PacketNumberLength;

    public readonly int PayloadLength => Position - PayloadStart;

    /// <summary>Room left for frames.</summary>
    public readonly int Remaining => Limit - Position;

    /// <summary>The packet's size once sealed.</summary>
    public readonly int SealedLength => Position - Start + PacketProtection.TagLength;

    /// <summary>
    /// Writes a long header (Initial, 0-RTT, Handshake) at <paramref name="start"/>, leaving room for
    /// frames up to <paramref name="end"/> minus the tag. False when not even the header fits.
    /// </summary>
    public static bool TryBeginLong(Span<byte> datagram, int start, int end, PacketNumberSpace space, PacketType type, uint version,
        ReadOnlySpan<byte> dcid, ReadOnlySpan<byte> scid, ReadOnlySpan<byte> token, long packetNumber, int pnLength, out PacketBuilder builder)
    {
        builder = default;
        if (!PacketHeaderWriter.TryWriteLongHeader(datagram[start..end], type, version, dcid, scid, token, packetNumber, pnLength, out LongHeaderLayout layout))
            return false;
        builder = new PacketBuilder
        {
            Space = space, Type = type, PacketNumber = packetNumber, PacketNumberLength = pnLength, Start = start,
            PacketNumberOffset = start + layout.PacketNumberOffset, Layout = layout, AckLargest = -1,
        };
        builder.Position = builder.PayloadStart;
        builder.Limit = end - PacketProtection.TagLength;
        return builder.Remaining > 0;
    }

    /// <summary>Writes a short (1-RTT) header at <paramref name="start"/>.</summary>
    public static bool TryBeginShort(Span<byte> datagram, int start, int end, ReadOnlySpan<byte> dcid, long packetNumber, int pnLength,
        bool keyPhase, out PacketBuilder builder)
    {
        builder = default;
        if (!PacketHeaderWriter.TryWriteShortHeader(datagram[start..end], dcid, packetNumber, pnLength, keyPhase, spinBit: false, out int headerLength))
            return false;
        builder = new PacketBuilder
        {
            Space = PacketNumberSpace.ApplicationData, Type = PacketType.OneRtt, PacketNumber = packetNumber,
            PacketNumberLength = pnLength, Start = start, PacketNumberOffset = start + headerLength - pnLength, AckLargest = -1,
        };
        builder.Position = start + headerLength;
        builder.Limit = end - PacketProtection.TagLength;
        return builder.Remaining > 0;
    }

    /// <summary>Appends PADDING frames (zero bytes, RFC 9000 §19.1) up to <paramref name="count"/> bytes, within the limit.</summary>
    public void AddPadding(Span<byte> datagram, int count)
    {
        count = Math.Min(count, Remaining);
        if (count <= 0)
            return;
        datagram.Slice(Position, count).Clear();
        Position += count;
        HasPadding = true;
    }

    /// <summary>
    /// Makes the payload long enough for the header-protection sample (RFC 9001 §5.4.2) with
    /// PADDING. Done before the next packet is started, so sealing never grows a packet.
    /// </summary>
    public void EnsureSampleLength(Span<byte> datagram)
    {
        int missing = PacketProtection.MinimumPayloadLength(PacketNumberLength) - PayloadLength;
        if (missing <= 0)
            return;
        datagram.Slice(Position, missing).Clear();
        Position += missing;
    }

    /// <summary>
    /// Pads to the header-protection sample size if needed, fills in the Length field and
    /// protects the packet. Returns its final length.
    /// </summary>
    public int Seal(Span<byte> datagram, PacketProtection key)
    {
        int minimumPayload = PacketProtection.MinimumPayloadLength(PacketNumberLength);
        if (PayloadLength < minimumPayload)
        {
            int missing = minimumPayload - PayloadLength;
            datagram.Slice(Position, missing).Clear();
            Position += missing;
        }
        Span<byte> packet = datagram.Slice(Start, SealedLength);
        if (IsLongHeader)
            Layout.WriteLength(packet, PayloadLength + PacketProtection.TagLength);
        return key.Protect(packet, PacketNumberOffset - Start, PacketNumberLength, PayloadLength, (ulong)PacketNumber);
    }
}

/// <summary>
/// What a frame writer sees: the packet's free space and the calls to account for a frame
/// (<see cref="Advance"/>) and remember it for retransmission (<see cref="Record"/>).
/// </summary>
internal ref struct PacketWriter
{
    private readonly Span<byte> _datagram;
    private readonly ref PacketBuilder _packet;
    private readonly SentFrameLog _log;

    public PacketWriter(Span<byte> datagram, ref PacketBuilder packet, SentFrameLog log)
    {
        _datagram = datagram;
        _packet = ref packet;
        _log = log;
    }

    public readonly PacketType PacketType => _packet.Type;

    public readonly PacketNumberSpace Space => _packet.Space;

    public readonly long PacketNumber => _packet.PacketNumber;

    /// <summary>Room left for frames.</summary>
    public readonly int Remaining => _packet.Remaining;

    /// <summary>Where the next frame goes.</summary>
    public readonly Span<byte> Free => _datagram[_packet.Position.._packet.Limit];

    public readonly bool IsAckEliciting => _packet.IsAckEliciting;

    /// <summary>True once any frame was written.</summary>
    public readonly bool HasFrames => _packet.Position > _packet.PayloadStart;

    /// <summary>A frame of <paramref name="length"/> bytes was written at <see cref="Free"/>.</summary>
    public void Advance(int length, bool ackEliciting)
    {
        _packet.Position += length;
        _packet.IsAckEliciting |= ackEliciting;
    }

    public void Record(SentFrame frame)
    {
        frame.Space = _packet.Space;
        _log.Add(frame);
    }

    public void SetAckLargest(long largest) => _packet.AckLargest = largest;

    public void AddPadding(int count) => _packet.AddPadding(_datagram, count);
}
