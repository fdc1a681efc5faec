namespace QuicKestrel.Protocol.Recovery;

/// <summary>Counters for one connection's recovery, for connection statistics and tests.</summary>
internal sealed class RecoveryStatistics
{
    public long PacketsSent { get; set; }

    public long BytesSent { get; set; }

    public long PacketsAcked { get; set; }

    public long PacketsLost { get; set; }

    public long BytesLost { get; set; }

    /// <summary>Window reductions, for loss or ECN-CE (after the loss filter and the one-per-period rule).</summary>
    public long CongestionEvents { get; set; }

    /// <summary>Losses the loss filter judged random rather than congestion.</summary>
    public long LossesIgnoredAsRandom { get; set; }

    /// <summary>ACKs whose ECN-CE count rose (each a congestion signal; reductions obey the recovery period).</summary>
    public long EcnCongestionEvents { get; set; }

    public long PersistentCongestionEvents { get; set; }

    public long PtoExpirations { get; set; }
}
