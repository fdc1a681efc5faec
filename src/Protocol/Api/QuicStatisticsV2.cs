using System.Runtime.InteropServices;

namespace QuicKestrel.Protocol.Api;

/// <summary>
/// A connection's statistics, read with <see cref="QuicParam.ConnStatisticsV2"/>: MsQuic's
/// <c>QUIC_STATISTICS_V2</c>, byte for byte (232 bytes, including the queue-delay fields of
/// MsQuic's preview). Like MsQuic, a caller may pass a shorter buffer of one of the earlier
/// sizes (at least <see cref="MinimumSize"/>) and gets the leading fields. Times are in
/// microseconds; counts since the connection started.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct QuicStatisticsV2
{
    /// <summary>The smallest buffer <see cref="QuicParam.ConnStatisticsV2"/> accepts: the fields through <see cref="KeyUpdateCount"/> (MsQuic 2.0's size, <c>QUIC_STATISTICS_V2_SIZE_1</c>).</summary>
    public const int MinimumSize = 188;

    private const uint VersionNegotiationBit = 1u << 0;
    private const uint StatelessRetryBit = 1u << 1;
    private const uint ResumptionAttemptedBit = 1u << 2;
    private const uint ResumptionSucceededBit = 1u << 3;
    private const uint GreaseBitNegotiatedBit = 1u << 4;
    private const uint EcnCapableBit = 1u << 5;
    private const uint EncryptionOffloadedBit = 1u << 6;

    /// <summary>An identifier of the connection, unique within the process, for correlating logs.</summary>
    public ulong CorrelationId { get; internal set; }

    private uint _flags;

    /// <summary>The smoothed RTT (RFC 9002 §5.3).</summary>
    public uint Rtt { get; internal set; }

    /// <summary>The smallest RTT sample.</summary>
    public uint MinRtt { get; internal set; }

    /// <summary>The largest RTT sample.</summary>
    public uint MaxRtt { get; internal set; }

    /// <summary>When the connection started, on the stack's microsecond clock.</summary>
    public ulong TimingStart { get; internal set; }

    /// <summary>When all the peer's Initial packets had been processed.</summary>
    public ulong TimingInitialFlightEnd { get; internal set; }

    /// <summary>When all the peer's Handshake packets had been processed.</summary>
    public ulong TimingHandshakeFlightEnd { get; internal set; }

    /// <summary>TLS bytes of the client's first flight (ClientHello).</summary>
    public uint HandshakeClientFlight1Bytes { get; internal set; }

    /// <summary>TLS bytes of the server's first flight (ServerHello through Finished).</summary>
    public uint HandshakeServerFlight1Bytes { get; internal set; }

    /// <summary>TLS bytes of the client's second flight (its Finished, and certificate if any).</summary>
    public uint HandshakeClientFlight2Bytes { get; internal set; }

    /// <summary>The current path MTU, in bytes.</summary>
    public ushort SendPathMtu { get; internal set; }

    /// <summary>QUIC packets sent (several may share one UDP datagram).</summary>
    public ulong SendTotalPackets { get; internal set; }

    /// <summary>Ack-eliciting packets sent.</summary>
    public ulong SendRetransmittablePackets { get; internal set; }

    /// <summary>Packets declared lost (RFC 9002 §6.1).</summary>
    public ulong SendSuspectedLostPackets { get; internal set; }

    /// <summary>Packets declared lost that were acknowledged later; the real loss is suspected minus spurious.</summary>
    public ulong SendSpuriousLostPackets { get; internal set; }

    /// <summary>UDP payload bytes sent.</summary>
    public ulong SendTotalBytes { get; internal set; }

    /// <summary>Stream payload bytes sent, retransmissions included.</summary>
    public ulong SendTotalStreamBytes { get; internal set; }

    /// <summary>Congestion events (window reductions).</summary>
    public uint SendCongestionCount { get; internal set; }

    /// <summary>Persistent-congestion events (RFC 9002 §7.6).</summary>
    public uint SendPersistentCongestionCount { get; internal set; }

    /// <summary>QUIC packets received.</summary>
    public ulong RecvTotalPackets { get; internal set; }

    /// <summary>Packets received with a packet number below the highest seen.</summary>
    public ulong RecvReorderedPackets { get; internal set; }

    /// <summary>Packets dropped for any reason, duplicates included.</summary>
    public ulong RecvDroppedPackets { get; internal set; }

    /// <summary>Duplicate packets received.</summary>
    public ulong RecvDuplicatePackets { get; internal set; }

    /// <summary>UDP payload bytes received.</summary>
    public ulong RecvTotalBytes { get; internal set; }

    /// <summary>Stream payload bytes received.</summary>
    public ulong RecvTotalStreamBytes { get; internal set; }

    /// <summary>Packets that failed to decrypt.</summary>
    public ulong RecvDecryptionFailures { get; internal set; }

    /// <summary>ACK frames received and processed.</summary>
    public ulong RecvValidAckFrames { get; internal set; }

    /// <summary>1-RTT key updates (RFC 9001 §6).</summary>
    public uint KeyUpdateCount { get; internal set; }

    /// <summary>The congestion window, in bytes.</summary>
    public uint SendCongestionWindow { get; internal set; }

    /// <summary>How many times the destination connection ID changed.</summary>
    public uint DestCidUpdateCount { get; internal set; }

    /// <summary>Congestion events caused by ECN CE marks.</summary>
    public uint SendEcnCongestionCount { get; internal set; }

    /// <summary>The IP TTL / hop limit of the peer's first Initial packet; 0 when not known.</summary>
    public byte HandshakeHopLimitTTL { get; internal set; }

    /// <summary>The RTT variation (RFC 9002 §5.3).</summary>
    public uint RttVariance { get; internal set; }

    /// <summary>The sliding average delay of the connection's work in its worker queue.</summary>
    public uint ConnectionQueueDelayAvgUs { get; internal set; }

    /// <summary>The largest delay of the connection's work in its worker queue.</summary>
    public uint ConnectionQueueDelayMaxUs { get; internal set; }

    /// <summary>The sliding average delay between queuing a send and writing it to the socket.</summary>
    public uint SendQueueDelayAvgUs { get; internal set; }

    /// <summary>The largest delay between queuing a send and writing it to the socket.</summary>
    public uint SendQueueDelayMaxUs { get; internal set; }

    /// <summary>The sliding average delay between receiving a datagram and processing it.</summary>
    public uint ReceiveQueueDelayAvgUs { get; internal set; }

    /// <summary>The largest delay between receiving a datagram and processing it.</summary>
    public uint ReceiveQueueDelayMaxUs { get; internal set; }

    /// <summary>True when the server answered the first flight with Version Negotiation.</summary>
    public bool VersionNegotiation { readonly get => Get(VersionNegotiationBit); internal set => Set(VersionNegotiationBit, value); }

    /// <summary>True when the server answered with Retry.</summary>
    public bool StatelessRetry { readonly get => Get(StatelessRetryBit); internal set => Set(StatelessRetryBit, value); }

    /// <summary>True when the client tried to resume a session.</summary>
    public bool ResumptionAttempted { readonly get => Get(ResumptionAttemptedBit); internal set => Set(ResumptionAttemptedBit, value); }

    /// <summary>True when the session was resumed.</summary>
    public bool ResumptionSucceeded { readonly get => Get(ResumptionSucceededBit); internal set => Set(ResumptionSucceededBit, value); }

    /// <summary>True when both sides negotiated greasing the QUIC bit (RFC 9287).</summary>
    public bool GreaseBitNegotiated { readonly get => Get(GreaseBitNegotiatedBit); internal set => Set(GreaseBitNegotiatedBit, value); }

    /// <summary>True when ECN was validated on the path (RFC 9000 §13.4.2).</summary>
    public bool EcnCapable { readonly get => Get(EcnCapableBit); internal set => Set(EcnCapableBit, value); }

    /// <summary>True when packet encryption was offloaded to hardware on some path; always false in QuicKestrel.</summary>
    public bool EncryptionOffloaded { readonly get => Get(EncryptionOffloadedBit); internal set => Set(EncryptionOffloadedBit, value); }

    private readonly bool Get(uint bit) => (_flags & bit) != 0;

    private void Set(uint bit, bool value) => _flags = value ? _flags | bit : _flags & ~bit;
}
