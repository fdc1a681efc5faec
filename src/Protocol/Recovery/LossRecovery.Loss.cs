namespace QuicKestrel.Protocol.Recovery;

internal sealed partial class LossRecovery
{
    /// <summary>kTimeThreshold × max(smoothed_rtt, latest_rtt), at least kGranularity (§6.1.2).</summary>
    public long LossDelay =>
        Math.Max(Math.Max(Rtt.LatestRtt, Rtt.SmoothedRtt) * RecoveryConstants.TimeThresholdNumerator / RecoveryConstants.TimeThresholdDenominator,
            RecoveryConstants.GranularityMicros);

    /// <summary>(smoothed_rtt + max(4·rttvar, kGranularity) + max_ack_delay) × kPersistentCongestionThreshold (§7.6.1).</summary>
    public long PersistentCongestionDuration =>
        PersistentCongestion.Duration(Rtt.SmoothedRtt, Rtt.RttVar, PeerMaxAckDelayMicros);

    /// <summary>
    /// Appendix A.10: declares lost every outstanding packet below the largest acknowledged that is
    /// three packets older or was sent more than the loss delay ago, and arms loss_time for the rest.
    /// Records are in send order, so the scan stops at the first survivor.
    /// </summary>
    private void DetectAndRemoveLostPackets(PacketSpaceState state, long now)
    {
        state.LossTime = RecoveryConstants.Never;
        if (state.LargestAcked < 0)
            return;

        long lossDelay = LossDelay;
        long lostSendTime = now - lossDelay;
        var batch = new LossBatch(Congestion.BytesInFlight, Rtt.HasSample ? Rtt.FirstSampleTime : RecoveryConstants.Never,
            PersistentCongestionDuration, _lossFilter.CountsPacketsSentAfter);
        SentPacketStore store = state.Sent;
        for (int i = 0; i < store.Count; i++)
        {
            ref SentPacket packet = ref store[i];
            if (packet.PacketNumber > state.LargestAcked)
                break;
            if (!packet.IsOutstanding)
            {
                if (packet.State == SentPacketState.Acked)
                    batch.OnAckedBetween(this, state.Space); // An acknowledged packet splits a persistent-congestion period.
                continue;
            }
            if (packet.TimeSent > lostSendTime && state.LargestAcked - packet.PacketNumber < RecoveryConstants.PacketThreshold)
            {
                state.LossTime = packet.TimeSent + lossDelay;
                break;
            }
            store.Resolve(i, SentPacketState.Lost);
            DeclareLost(state, packet, ref batch);
        }
        batch.Finish(this, state.Space);
        store.TrimResolvedHead();
        if (batch.LostPackets > 0)
            OnPacketsLost(ref batch, now);
    }

    private void DeclareLost(PacketSpaceState state, in SentPacket packet, ref LossBatch batch)
    {
        Statistics.PacketsLost++;
        Statistics.BytesLost += packet.Bytes;
        if (packet.IsAckEliciting)
            state.AckElicitingInFlight--;
        if (packet.IsEct0)
            Ecn.OnEct0PacketLost();
        if (packet.IsInFlight)
            Congestion.OnPacketRemoved(packet.Bytes);
        batch.OnLost(packet);
        _listener.OnPacketLost(state.Space, packet);
    }

    /// <summary>Appendix A.10 OnPacketsLost: one congestion event, then the persistent-congestion check.</summary>
    private void OnPacketsLost(ref LossBatch batch, long now)
    {
        if (batch.LostInFlightPackets == 0)
            return;
        // Packets sent before the last reduction are inside its recovery period: nothing to weigh.
        if (batch.CountableLostPackets > 0)
        {
            if (_lossFilter.IsCongestionSignal(batch.CountableLostBytes, batch.CountableLostPackets, batch.BytesInFlightBefore))
                OnCongestionSignal(now, batch.LargestLostTimeSent);
            else
                Statistics.LossesIgnoredAsRandom++;
        }

        if (batch.EstablishesPersistentCongestion)
        {
            Statistics.PersistentCongestionEvents++;
            Congestion.OnPersistentCongestion(now);
            Rtt.ResetMinRttToLatest();
        }
    }

    /// <summary>Loss or ECN-CE: the controller reduces at most once per recovery period (§7.3.2).</summary>
    private void OnCongestionSignal(long now, long timeSent)
    {
        if (!Congestion.OnCongestionEvent(now, timeSent))
            return;
        Statistics.CongestionEvents++;
        _lossFilter.OnCongestionEvent(now);
    }

    /// <summary>
    /// §7.6.2, across spaces: true when some other space has an acknowledged packet sent within
    /// [from, to]. Records already dropped from another space's store are taken as not
    /// acknowledged, which can only over-detect, as the RFC allows.
    /// </summary>
    private bool OtherSpaceAckedBetween(PacketNumberSpace lossSpace, long from, long to)
    {
        foreach (PacketSpaceState other in _spaces)
        {
            if (other.Space == lossSpace || other.Discarded)
                continue;
            SentPacketStore store = other.Sent;
            if (store.LastTrimmedAckedTimeSent >= from && store.LastTrimmedAckedTimeSent <= to)
                return true;
            for (int i = store.LowerBoundByTime(from); i < store.Count && store[i].TimeSent <= to; i++)
            {
                if (store[i].State == SentPacketState.Acked)
                    return true;
            }
        }
        return false;
    }
}
