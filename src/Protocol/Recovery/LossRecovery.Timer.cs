namespace QuicKestrel.Protocol.Recovery;

/// <summary>What a loss detection timer expiry did.</summary>
internal enum LossTimerOutcome : byte
{
    /// <summary>The timer was not due (spurious wake-up): nothing happened.</summary>
    NotDue,

    /// <summary>Time-threshold loss detection declared packets lost.</summary>
    LossDetected,

    /// <summary>A PTO fired: send the probes <see cref="LossRecovery.ProbesPending"/> asks for.</summary>
    ProbeScheduled,
}

internal sealed partial class LossRecovery
{
    /// <summary>
    /// The PTO period without backoff (§6.2.1), with max_ack_delay: what the connection multiplies
    /// for the closing and draining periods and the idle timeout floor (RFC 9000 §10).
    /// </summary>
    public long PtoPeriod => Rtt.PtoBase + PeerMaxAckDelayMicros;

    /// <summary>
    /// Appendix A.9: the loss detection timer fired. Either time-threshold loss detection runs, or a
    /// PTO asks for probes (one or two ack-eliciting packets; one anti-deadlock packet for a client
    /// with nothing in flight) and the backoff doubles.
    /// </summary>
    public LossTimerOutcome OnLossDetectionTimeout(long now)
    {
        if (LossDetectionTimer == RecoveryConstants.Never || now < LossDetectionTimer)
            return LossTimerOutcome.NotDue;

        PacketSpaceState? lossSpace = EarliestLossTimeSpace();
        if (lossSpace is not null)
        {
            DetectAndRemoveLostPackets(lossSpace, now);
            SetLossDetectionTimer(now);
            return LossTimerOutcome.LossDetected;
        }

        if (AckElicitingInFlightForPto == 0)
        {
            // Client anti-deadlock (§6.2.2.1): a Handshake packet proves address ownership, a padded
            // Initial earns the server more amplification credit.
            PacketSpaceState space = _spaces[(int)(HasHandshakeKeys ? PacketNumberSpace.Handshake : PacketNumberSpace.Initial)];
            space.ProbesPending = Math.Max(space.ProbesPending, 1);
        }
        else
        {
            GetPtoTimeAndSpace(now, out PacketNumberSpace ptoSpace);
            _spaces[(int)ptoSpace].ProbesPending = Options.ProbePacketsOnPto;
        }
        PtoCount++;
        Statistics.PtoExpirations++;
        SetLossDetectionTimer(now);
        return LossTimerOutcome.ProbeScheduled;
    }

    /// <summary>Appendix A.8: the earliest loss_time, else the PTO, else nothing.</summary>
    private void SetLossDetectionTimer(long now)
    {
        PacketSpaceState? lossSpace = EarliestLossTimeSpace();
        if (lossSpace is not null)
        {
            LossDetectionTimer = lossSpace.LossTime;
            return;
        }
        // The server's timer is not set while nothing can be sent.
        if (IsAmplificationBlocked)
        {
            LossDetectionTimer = RecoveryConstants.Never;
            return;
        }
        // Nothing to detect; but a client keeps a timer while the server may be amplification-blocked.
        if (AckElicitingInFlight == 0 && PeerCompletedAddressValidation)
        {
            LossDetectionTimer = RecoveryConstants.Never;
            return;
        }
        LossDetectionTimer = GetPtoTimeAndSpace(now, out _);
    }

    private PacketSpaceState? EarliestLossTimeSpace()
    {
        PacketSpaceState? earliest = null;
        foreach (PacketSpaceState state in _spaces)
        {
            if (state.LossTime != RecoveryConstants.Never && (earliest is null || state.LossTime < earliest.LossTime))
                earliest = state;
        }
        return earliest;
    }

    /// <summary>
    /// Ack-eliciting packets in flight in the spaces that may have a PTO: Application Data only
    /// once the handshake is confirmed (§6.2.1).
    /// </summary>
    private int AckElicitingInFlightForPto =>
        _spaces[0].AckElicitingInFlight + _spaces[1].AckElicitingInFlight + (HandshakeConfirmed ? _spaces[2].AckElicitingInFlight : 0);

    /// <summary>Appendix A.8 GetPtoTimeAndSpace, with the backoff 2^pto_count.</summary>
    private long GetPtoTimeAndSpace(long now, out PacketNumberSpace space)
    {
        long duration = Backoff(Rtt.PtoBase);
        if (AckElicitingInFlightForPto == 0)
        {
            space = HasHandshakeKeys ? PacketNumberSpace.Handshake : PacketNumberSpace.Initial;
            // A client whose only packets in flight are 0-RTT still needs the anti-deadlock timer:
            // without it, a lost server flight would leave nothing to wake it.
            return PeerCompletedAddressValidation ? RecoveryConstants.Never : SaturatingAdd(now, duration);
        }

        long timeout = RecoveryConstants.Never;
        space = PacketNumberSpace.Initial;
        foreach (PacketSpaceState state in _spaces)
        {
            if (state.Discarded || state.AckElicitingInFlight == 0)
                continue;
            long spaceDuration = duration;
            if (state.Space == PacketNumberSpace.ApplicationData)
            {
                // §6.2.1: no Application Data PTO before the handshake is confirmed.
                if (!HandshakeConfirmed)
                    break;
                spaceDuration = SaturatingAdd(duration, Backoff(PeerMaxAckDelayMicros));
            }
            long candidate = SaturatingAdd(state.TimeOfLastAckEliciting, spaceDuration);
            if (candidate < timeout)
            {
                timeout = candidate;
                space = state.Space;
            }
        }
        return timeout;
    }

    private long Backoff(long value)
    {
        const long ceiling = long.MaxValue / 4;
        int shift = Math.Min(PtoCount, 62);
        return value > ceiling >> shift ? ceiling : value << shift;
    }

    private static long SaturatingAdd(long a, long b) => a > RecoveryConstants.Never - b ? RecoveryConstants.Never : a + b;
}
