namespace QuicKestrel.Protocol.Recovery;

/// <summary>
/// How loss recovery tells the connection what became of its packets. Calls happen synchronously
/// inside <see cref="LossRecovery"/> methods; an implementation records the outcome (release
/// acknowledged frames, queue lost frames for retransmission) and must not call back into the
/// same <see cref="LossRecovery"/>.
/// </summary>
internal interface ISentPacketListener
{
    /// <summary>The packet was acknowledged: its frames are delivered.</summary>
    void OnPacketAcked(PacketNumberSpace space, in SentPacket packet);

    /// <summary>The packet was declared lost: the frames that still matter must be sent again.</summary>
    void OnPacketLost(PacketNumberSpace space, in SentPacket packet);

    /// <summary>The packet's space was discarded (its keys are gone): forget its frames, do not resend them.</summary>
    void OnPacketDiscarded(PacketNumberSpace space, in SentPacket packet);
}
