namespace QuicKestrel.Protocol.Wire;

/// <summary>
/// QUIC transport parameters (RFC 9000 §18; RFC 9221 max_datagram_frame_size; RFC 9368
/// version_information), with the RFC defaults. Integer values keep their wire units
/// (milliseconds for the two durations). Cross-checks against the connection IDs seen in
/// packets (RFC 9000 §7.3) belong to the connection.
/// </summary>
internal sealed partial class TransportParameters
{
    public const ulong DefaultMaxUdpPayloadSize = 65527;
    public const ulong DefaultAckDelayExponent = 3;
    public const ulong DefaultMaxAckDelayMillis = 25;
    public const ulong DefaultActiveConnectionIdLimit = 2;

    /// <summary>RFC 9000 §18.2: ack_delay_exponent above 20 is invalid.</summary>
    public const ulong MaxAckDelayExponent = 20;

    /// <summary>RFC 9000 §18.2: max_ack_delay of 2^14 or more is invalid.</summary>
    public const ulong MaxAckDelayMillisLimit = 1UL << 14;

    /// <summary>Server only: the Destination Connection ID of the client's first Initial.</summary>
    public byte[]? OriginalDestinationConnectionId { get; set; }

    /// <summary>Milliseconds; 0 means no idle timeout from this side.</summary>
    public ulong MaxIdleTimeoutMillis { get; set; }

    /// <summary>Server only: 16 bytes.</summary>
    public byte[]? StatelessResetToken { get; set; }

    public ulong MaxUdpPayloadSize { get; set; } = DefaultMaxUdpPayloadSize;

    public ulong InitialMaxData { get; set; }

    public ulong InitialMaxStreamDataBidiLocal { get; set; }

    public ulong InitialMaxStreamDataBidiRemote { get; set; }

    public ulong InitialMaxStreamDataUni { get; set; }

    public ulong InitialMaxStreamsBidi { get; set; }

    public ulong InitialMaxStreamsUni { get; set; }

    public ulong AckDelayExponent { get; set; } = DefaultAckDelayExponent;

    /// <summary>Milliseconds.</summary>
    public ulong MaxAckDelayMillis { get; set; } = DefaultMaxAckDelayMillis;

    public bool DisableActiveMigration { get; set; }

    /// <summary>Server only.</summary>
    public PreferredAddress? PreferredAddress { get; set; }

    public ulong ActiveConnectionIdLimit { get; set; } = DefaultActiveConnectionIdLimit;

    /// <summary>Required from both sides (RFC 9000 §7.3); null when absent.</summary>
    public byte[]? InitialSourceConnectionId { get; set; }

    /// <summary>Server only, after a Retry.</summary>
    public byte[]? RetrySourceConnectionId { get; set; }

    /// <summary>RFC 9368; null when absent.</summary>
    public VersionInformation? VersionInformation { get; set; }

    /// <summary>RFC 9221: largest DATAGRAM frame accepted; 0 (the default) means DATAGRAM is not supported.</summary>
    public ulong MaxDatagramFrameSize { get; set; }

    /// <summary>True for parameters only a server may send (RFC 9000 §18.2).</summary>
    public static bool IsServerOnly(TransportParameterId id) =>
        id is TransportParameterId.OriginalDestinationConnectionId or TransportParameterId.StatelessResetToken
            or TransportParameterId.PreferredAddress or TransportParameterId.RetrySourceConnectionId;

    /// <summary>True for reserved identifiers of the form 31 * N + 27 (RFC 9000 §18.1).</summary>
    public static bool IsReserved(ulong id) => id >= 27 && (id - 27) % 31 == 0;
}
