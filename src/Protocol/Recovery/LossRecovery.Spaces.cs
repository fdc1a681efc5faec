namespace QuicKestrel.Protocol.Recovery;

internal sealed partial class LossRecovery
{
    /// <summary>
    /// The space's keys were discarded (§6.4): its packets leave bytes in flight without any
    /// congestion signal, its timers are cleared and the PTO backoff restarts.
    /// </summary>
    public void DiscardSpace(PacketNumberSpace space, long now)
    {
        PacketSpaceState state = _spaces[(int)space];
        if (state.Discarded)
            return;
        DropOutstanding(state, zeroRttOnly: false, reportAsLost: false);
        state.Sent.Clear();
        state.Discarded = true;
        ClearTimers(state);
        PtoCount = 0;
        SetLossDetectionTimer(now);
    }

    /// <summary>
    /// The server rejected 0-RTT: every outstanding 0-RTT packet is lost without being a congestion
    /// signal, so its data can be sent again in 1-RTT packets.
    /// </summary>
    public void OnZeroRttRejected(long now)
    {
        DropOutstanding(_spaces[(int)PacketNumberSpace.ApplicationData], zeroRttOnly: true, reportAsLost: true);
        SetLossDetectionTimer(now);
    }

    /// <summary>
    /// The client received a Retry (§6.3): its Initial packets (and 0-RTT packets, which the server
    /// did not keep) are reported lost so their frames go again, without a congestion signal;
    /// congestion control, pacing and timers start over. Packet numbers keep increasing (RFC 9000
    /// §17.2.5.3). The time since the first Initial becomes the first RTT sample.
    /// </summary>
    public void OnRetryReceived(long now)
    {
        PacketSpaceState initial = _spaces[(int)PacketNumberSpace.Initial];
        long firstInitialSent = initial.Sent.Count > 0 ? initial.Sent[0].TimeSent : RecoveryConstants.Never;
        DropOutstanding(initial, zeroRttOnly: false, reportAsLost: true);
        DropOutstanding(_spaces[(int)PacketNumberSpace.ApplicationData], zeroRttOnly: true, reportAsLost: true);
        ClearTimers(initial);
        if (firstInitialSent != RecoveryConstants.Never && !Rtt.HasSample)
            Rtt.AddSample(now - firstInitialSent, 0, HandshakeConfirmed, PeerMaxAckDelayMicros, now);
        Congestion.Reset();
        Pacer.Reset();
        _lossFilter.Reset();
        PtoCount = 0;
        SetLossDetectionTimer(now);
    }

    /// <summary>Takes outstanding packets out of a space without a congestion signal.</summary>
    private void DropOutstanding(PacketSpaceState state, bool zeroRttOnly, bool reportAsLost)
    {
        SentPacketStore store = state.Sent;
        for (int i = 0; i < store.Count; i++)
        {
            ref SentPacket packet = ref store[i];
            if (!packet.IsOutstanding || (zeroRttOnly && !packet.IsZeroRtt))
                continue;
            store.Resolve(i, SentPacketState.Lost);
            if (packet.IsAckEliciting)
                state.AckElicitingInFlight--;
            if (packet.IsInFlight)
                Congestion.OnPacketRemoved(packet.Bytes);
            if (reportAsLost)
                _listener.OnPacketLost(state.Space, packet);
            else
                _listener.OnPacketDiscarded(state.Space, packet);
        }
        store.TrimResolvedHead();
    }

    private static void ClearTimers(PacketSpaceState state)
    {
        state.LossTime = RecoveryConstants.Never;
        state.TimeOfLastAckEliciting = 0;
        state.ProbesPending = 0;
    }
}
