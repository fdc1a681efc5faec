namespace QuicKestrel.Protocol.Recovery;

/// <summary>The constants of RFC 9002 (Appendix A.2 and B.1), in microseconds where a time.</summary>
internal static class RecoveryConstants
{
    /// <summary>kPacketThreshold: reordering threshold in packets (§6.1.1).</summary>
    public const long PacketThreshold = 3;

    /// <summary>kTimeThreshold = 9/8, as a numerator over <see cref="TimeThresholdDenominator"/> (§6.1.2).</summary>
    public const long TimeThresholdNumerator = 9;

    /// <summary>Denominator of kTimeThreshold.</summary>
    public const long TimeThresholdDenominator = 8;

    /// <summary>kGranularity: the timer granularity, 1 ms (§6.1.2).</summary>
    public const long GranularityMicros = 1_000;

    /// <summary>kInitialRtt: 333 ms before any sample (§6.2.2); MsQuic's InitialRttMs default too.</summary>
    public const long DefaultInitialRttMicros = 333_000;

    /// <summary>kPersistentCongestionThreshold (§7.6.1).</summary>
    public const long PersistentCongestionThreshold = 3;

    /// <summary>The max_ack_delay transport parameter's default, 25 ms (RFC 9000 §18.2).</summary>
    public const long DefaultMaxAckDelayMicros = 25_000;

    /// <summary>The smallest maximum datagram size a QUIC path may have (RFC 9000 §14).</summary>
    public const int MinimumMaxDatagramSize = 1200;

    /// <summary>"Never" for timers and times: the timer is not armed.</summary>
    public const long Never = long.MaxValue;
}
