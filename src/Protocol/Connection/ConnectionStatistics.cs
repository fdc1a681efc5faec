namespace QuicKestrel.Protocol.Connection;

/// <summary>
/// Counters of one connection (the base of MsQuic's QUIC_STATISTICS_V2). RTT, window and loss
/// figures come from recovery at the moment they are read (<see cref="QuicConnection.GetStatistics"/>).
/// </summary>
internal sealed class ConnectionStatistics
{
    public long DatagramsReceived { get; set; }

    public long BytesReceived { get; set; }

    public long PacketsReceived { get; set; }

    public long DuplicatePacketsReceived { get; set; }

    /// <summary>Packets dropped before processing: undecryptable, malformed, for a discarded space, unexpected.</summary>
    public long PacketsDropped { get; set; }

    public long DecryptionFailures { get; set; }

    public long DatagramsSent { get; set; }

    public long BytesSent { get; set; }

    public long PacketsSent { get; set; }

    /// <summary>Stream bytes the application received in order / sent for the first time.</summary>
    public long StreamBytesReceived { get; set; }

    public long KeyUpdates { get; set; }

    /// <summary>Time from creation to handshake completion (microseconds), or 0.</summary>
    public long HandshakeDurationMicros { get; set; }

    public bool ResumptionAttempted { get; set; }

    public bool ResumptionSucceeded { get; set; }

    public bool ZeroRttAttempted { get; set; }

    public bool ZeroRttAccepted { get; set; }

    /// <summary>Largest datagram size validated by DPLPMTUD.</summary>
    public int PathMtuPayload { get; set; }

    /// <summary>Times the server was blocked by the anti-amplification limit.</summary>
    public long AmplificationBlockedCount { get; set; }
}

/// <summary>A snapshot of the connection's figures, for the API layer's GetParam(STATISTICS).</summary>
internal readonly record struct ConnectionStatisticsSnapshot(
    long SmoothedRttMicros,
    long MinRttMicros,
    long LatestRttMicros,
    long RttVarianceMicros,
    long CongestionWindow,
    long BytesInFlight,
    long PacketsSent,
    long BytesSent,
    long PacketsReceived,
    long BytesReceived,
    long PacketsLost,
    long BytesLost,
    long CongestionEvents,
    long PersistentCongestionEvents,
    long PtoExpirations,
    long KeyUpdates,
    int PathMaxDatagramSize);
