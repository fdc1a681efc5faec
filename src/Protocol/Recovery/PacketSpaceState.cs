namespace QuicKestrel.Protocol.Recovery;

/// <summary>Loss-detection state of one packet number space (RFC 9002 Appendix A.3).</summary>
internal sealed class PacketSpaceState
{
    public PacketSpaceState(PacketNumberSpace space)
    {
        Space = space;
        // Handshake spaces hold a few packets; Application Data grows with the window.
        Sent = new SentPacketStore(space == PacketNumberSpace.ApplicationData ? 64 : 8);
    }

    public PacketNumberSpace Space { get; }

    public SentPacketStore Sent { get; }

    /// <summary>largest_acked_packet, or -1 before any ACK.</summary>
    public long LargestAcked { get; set; } = -1;

    /// <summary>loss_time: when time-threshold loss detection must run next; Never when not pending.</summary>
    public long LossTime { get; set; } = RecoveryConstants.Never;

    /// <summary>time_of_last_ack_eliciting_packet.</summary>
    public long TimeOfLastAckEliciting { get; set; }

    /// <summary>Outstanding ack-eliciting packets (all ack-eliciting packets are in flight).</summary>
    public int AckElicitingInFlight { get; set; }

    /// <summary>Probe packets a PTO asked for and not yet sent.</summary>
    public int ProbesPending { get; set; }

    /// <summary>True once the space's keys are discarded: nothing more is tracked.</summary>
    public bool Discarded { get; set; }
}
