namespace QuicKestrel.Protocol.Recovery;

/// <summary>
/// A congestion controller (RFC 9002 §7), swappable behind this interface. Sizes are bytes and
/// times microseconds. <see cref="LossRecovery"/> drives it; the connection only reads the window.
/// </summary>
internal interface ICongestionController
{
    /// <summary>The congestion window.</summary>
    long CongestionWindow { get; }

    /// <summary>Bytes of in-flight packets sent and not yet acknowledged, lost or discarded.</summary>
    long BytesInFlight { get; }

    /// <summary>The slow start threshold; long.MaxValue until the first reduction.</summary>
    long SlowStartThreshold { get; }

    /// <summary>The path's current maximum datagram size.</summary>
    int MaxDatagramSize { get; }

    /// <summary>kMinimumWindow: 2 × the maximum datagram size.</summary>
    long MinimumWindow { get; }

    /// <summary>True while the window is below the slow start threshold.</summary>
    bool InSlowStart { get; }

    /// <summary>True from a congestion event until a packet sent after it is acknowledged (§7.3.2).</summary>
    bool InRecovery { get; }

    /// <summary>How many more bytes may be put in flight now (never negative).</summary>
    long AvailableWindow { get; }

    /// <summary>Whether a packet of <paramref name="bytes"/> fits in the window.</summary>
    bool CanSend(int bytes);

    /// <summary>An in-flight packet was sent.</summary>
    void OnPacketSent(long now, int bytes);

    /// <summary>An in-flight packet sent at <paramref name="timeSent"/> was newly acknowledged.</summary>
    void OnPacketAcked(long timeSent, int bytes);

    /// <summary>
    /// Ends the processing of one ACK frame, after its acknowledged packets and any losses it
    /// revealed: the window grows here, once per ACK. <paramref name="rttSampled"/> says whether
    /// this ACK produced a new RTT sample; <paramref name="appLimited"/> that the sender was not
    /// using the window fully, so it must not grow (§7.8).
    /// </summary>
    void OnAckProcessed(long now, RttEstimator rtt, bool rttSampled, bool appLimited);

    /// <summary>An in-flight packet left the network without an acknowledgement (lost or discarded).</summary>
    void OnPacketRemoved(int bytes);

    /// <summary>
    /// Loss or ECN-CE for a packet sent at <paramref name="timeSent"/>: at most one reduction per
    /// recovery period. Returns true when this started a new recovery period (the window was reduced).
    /// </summary>
    bool OnCongestionEvent(long now, long timeSent);

    /// <summary>Persistent congestion was established (§7.6): collapse to the minimum window.</summary>
    void OnPersistentCongestion(long now);

    /// <summary>The path MTU changed (§7.2).</summary>
    void OnMaxDatagramSizeChanged(int maxDatagramSize);

    /// <summary>Back to the initial state, keeping bytes in flight: a new path (RFC 9000 §9.4).</summary>
    void Reset();
}
