using System.Runtime.InteropServices;

namespace QuicKestrel.Protocol.Api;

/// <summary>
/// A connection's statistics in MsQuic's first layout, read with <see cref="QuicParam.ConnStatistics"/>:
/// <c>QUIC_STATISTICS</c>, byte for byte (200 bytes), with its grouping
/// (<c>stats.Send.TotalPackets</c>). New code should prefer <see cref="QuicStatisticsV2"/>,
/// which has more fields. Times are in microseconds.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct QuicStatistics
{
    /// <summary>An identifier of the connection, unique within the process.</summary>
    public ulong CorrelationId { get; internal set; }

    private uint _flags;

    /// <summary>The smoothed RTT.</summary>
    public uint Rtt { get; internal set; }

    /// <summary>The smallest RTT sample.</summary>
    public uint MinRtt { get; internal set; }

    /// <summary>The largest RTT sample.</summary>
    public uint MaxRtt { get; internal set; }

    /// <summary>Handshake timestamps.</summary>
    public TimingStats Timing { get; internal set; }

    /// <summary>Handshake flight sizes.</summary>
    public HandshakeStats Handshake { get; internal set; }

    /// <summary>Send counters.</summary>
    public SendStats Send { get; internal set; }

    /// <summary>Receive counters.</summary>
    public RecvStats Recv { get; internal set; }

    /// <summary>Other counters.</summary>
    public MiscStats Misc { get; internal set; }

    /// <summary>True when the server answered the first flight with Version Negotiation.</summary>
    public bool VersionNegotiation { readonly get => Get(0); internal set => Set(0, value); }

    /// <summary>True when the server answered with Retry.</summary>
    public bool StatelessRetry { readonly get => Get(1); internal set => Set(1, value); }

    /// <summary>True when the client tried to resume a session.</summary>
    public bool ResumptionAttempted { readonly get => Get(2); internal set => Set(2, value); }

    /// <summary>True when the session was resumed.</summary>
    public bool ResumptionSucceeded { readonly get => Get(3); internal set => Set(3, value); }

    private readonly bool Get(int bit) => (_flags & (1u << bit)) != 0;

    private void Set(int bit, bool value) => _flags = value ? _flags | (1u << bit) : _flags & ~(1u << bit);

    /// <summary>Handshake timestamps, on the stack's microsecond clock.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct TimingStats
    {
        /// <summary>When the connection started.</summary>
        public ulong Start { get; internal set; }

        /// <summary>When all the peer's Initial packets had been processed.</summary>
        public ulong InitialFlightEnd { get; internal set; }

        /// <summary>When all the peer's Handshake packets had been processed.</summary>
        public ulong HandshakeFlightEnd { get; internal set; }
    }

    /// <summary>TLS bytes per handshake flight.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct HandshakeStats
    {
        /// <summary>The client's first flight.</summary>
        public uint ClientFlight1Bytes { get; internal set; }

        /// <summary>The server's first flight.</summary>
        public uint ServerFlight1Bytes { get; internal set; }

        /// <summary>The client's second flight.</summary>
        public uint ClientFlight2Bytes { get; internal set; }
    }

    /// <summary>Send counters.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct SendStats
    {
        /// <summary>The current path MTU, in bytes.</summary>
        public ushort PathMtu { get; internal set; }

        /// <summary>QUIC packets sent.</summary>
        public ulong TotalPackets { get; internal set; }

        /// <summary>Ack-eliciting packets sent.</summary>
        public ulong RetransmittablePackets { get; internal set; }

        /// <summary>Packets declared lost.</summary>
        public ulong SuspectedLostPackets { get; internal set; }

        /// <summary>Packets declared lost that were acknowledged later.</summary>
        public ulong SpuriousLostPackets { get; internal set; }

        /// <summary>UDP payload bytes sent.</summary>
        public ulong TotalBytes { get; internal set; }

        /// <summary>Stream payload bytes sent.</summary>
        public ulong TotalStreamBytes { get; internal set; }

        /// <summary>Congestion events.</summary>
        public uint CongestionCount { get; internal set; }

        /// <summary>Persistent-congestion events.</summary>
        public uint PersistentCongestionCount { get; internal set; }
    }

    /// <summary>Receive counters.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct RecvStats
    {
        /// <summary>QUIC packets received.</summary>
        public ulong TotalPackets { get; internal set; }

        /// <summary>Packets received with a packet number below the highest seen.</summary>
        public ulong ReorderedPackets { get; internal set; }

        /// <summary>Packets dropped, duplicates included.</summary>
        public ulong DroppedPackets { get; internal set; }

        /// <summary>Duplicate packets received.</summary>
        public ulong DuplicatePackets { get; internal set; }

        /// <summary>UDP payload bytes received.</summary>
        public ulong TotalBytes { get; internal set; }

        /// <summary>Stream payload bytes received.</summary>
        public ulong TotalStreamBytes { get; internal set; }

        /// <summary>Packets that failed to decrypt.</summary>
        public ulong DecryptionFailures { get; internal set; }

        /// <summary>ACK frames received and processed.</summary>
        public ulong ValidAckFrames { get; internal set; }
    }

    /// <summary>Other counters.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct MiscStats
    {
        /// <summary>1-RTT key updates.</summary>
        public uint KeyUpdateCount { get; internal set; }
    }
}
