namespace QuicKestrel.Protocol.Recovery;

/// <summary>What kind of packet a sent-packet record describes.</summary>
[Flags]
internal enum SentPacketFlags : byte
{
    None = 0,

    /// <summary>Contains a frame other than ACK, PADDING or CONNECTION_CLOSE (RFC 9002 §2).</summary>
    AckEliciting = 1,

    /// <summary>Counts toward bytes in flight: ack-eliciting or carrying PADDING (RFC 9002 §2).</summary>
    InFlight = 2,

    /// <summary>Sent with the ECT(0) codepoint (RFC 9000 §13.4).</summary>
    Ect0 = 4,

    /// <summary>A 0-RTT packet; dropped wholesale when the server rejects 0-RTT.</summary>
    ZeroRtt = 8,

    /// <summary>A DPLPMTUD probe: its loss says nothing about congestion (RFC 9000 §14.4).</summary>
    MtuProbe = 16,
}

/// <summary>
/// One sent packet, as loss recovery remembers it. <see cref="FramesToken"/> is opaque here: the
/// connection uses it to find the frames to retransmit or release when the packet's fate is known.
/// </summary>
internal struct SentPacket
{
    public SentPacket(long packetNumber, long timeSent, int bytes, SentPacketFlags flags, long framesToken)
    {
        PacketNumber = packetNumber;
        TimeSent = timeSent;
        Bytes = bytes;
        Flags = flags;
        FramesToken = framesToken;
        State = SentPacketState.Outstanding;
    }

    public long PacketNumber;
    public long TimeSent;
    public long FramesToken;
    public int Bytes;
    public SentPacketFlags Flags;
    internal SentPacketState State;

    public readonly bool IsAckEliciting => (Flags & SentPacketFlags.AckEliciting) != 0;

    public readonly bool IsInFlight => (Flags & SentPacketFlags.InFlight) != 0;

    public readonly bool IsEct0 => (Flags & SentPacketFlags.Ect0) != 0;

    public readonly bool IsZeroRtt => (Flags & SentPacketFlags.ZeroRtt) != 0;

    public readonly bool IsMtuProbe => (Flags & SentPacketFlags.MtuProbe) != 0;

    internal readonly bool IsOutstanding => State == SentPacketState.Outstanding;
}

/// <summary>A record's fate inside the store; resolved records wait there until the head passes them.</summary>
internal enum SentPacketState : byte
{
    Outstanding = 0,
    Acked = 1,
    Lost = 2,
}
