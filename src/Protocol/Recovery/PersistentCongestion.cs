namespace QuicKestrel.Protocol.Recovery;

/// <summary>The persistent congestion rules of RFC 9002 §7.6.</summary>
internal static class PersistentCongestion
{
    /// <summary>
    /// §7.6.1: (smoothed_rtt + max(4·rttvar, kGranularity) + max_ack_delay) × 3. Unlike the PTO,
    /// max_ack_delay is included whatever the packet number space.
    /// </summary>
    public static long Duration(long smoothedRtt, long rttVar, long maxAckDelay) =>
        (smoothedRtt + Math.Max(4 * rttVar, RecoveryConstants.GranularityMicros) + maxAckDelay) * RecoveryConstants.PersistentCongestionThreshold;

    /// <summary>
    /// §7.6.2: two ack-eliciting lost packets, both sent after the first RTT sample, with nothing
    /// acknowledged between them, establish persistent congestion when their send times are
    /// further apart than the duration.
    /// </summary>
    public static bool Spans(long firstLostTimeSent, long lastLostTimeSent, long duration) =>
        lastLostTimeSent - firstLostTimeSent > duration;
}
