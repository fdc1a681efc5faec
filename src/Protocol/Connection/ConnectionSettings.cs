using QuicKestrel.Protocol.Recovery;

namespace QuicKestrel.Protocol.Connection;

/// <summary>
/// The MsQuic settings a connection applies (QUIC_SETTINGS), with MsQuic's defaults. Times are
/// microseconds (MsQuic's are milliseconds); MTUs are IP MTUs as in MsQuic.
/// </summary>
internal sealed record class ConnectionSettings
{
    public static ConnectionSettings Default { get; } = new();

    /// <summary>HandshakeIdleTimeoutMs: the handshake must complete within this (0 = no limit).</summary>
    public long HandshakeIdleTimeoutMicros { get; init; } = 10_000_000;

    /// <summary>IdleTimeoutMs: our max_idle_timeout (0 = none).</summary>
    public long IdleTimeoutMicros { get; init; } = 30_000_000;

    /// <summary>DisconnectTimeoutMs: how long ack-eliciting data may stay unacknowledged before the peer is declared gone.</summary>
    public long DisconnectTimeoutMicros { get; init; } = 16_000_000;

    /// <summary>KeepAliveIntervalMs: send a PING after this much idleness (0 = off).</summary>
    public long KeepAliveIntervalMicros { get; init; }

    /// <summary>PeerBidiStreamCount: bidirectional streams the peer may have open (0: none).</summary>
    public long PeerBidiStreamCount { get; init; }

    /// <summary>PeerUnidiStreamCount: unidirectional streams the peer may have open (0: none).</summary>
    public long PeerUnidiStreamCount { get; init; }

    /// <summary>StreamRecvWindowDefault (initial_max_stream_data_* unless the specific windows are set).</summary>
    public long StreamReceiveWindow { get; init; } = 65_536;

    /// <summary>StreamRecvWindowBidiLocalDefault; 0 = <see cref="StreamReceiveWindow"/>.</summary>
    public long StreamReceiveWindowBidiLocal { get; init; }

    /// <summary>StreamRecvWindowBidiRemoteDefault; 0 = <see cref="StreamReceiveWindow"/>.</summary>
    public long StreamReceiveWindowBidiRemote { get; init; }

    /// <summary>StreamRecvWindowUnidiDefault; 0 = <see cref="StreamReceiveWindow"/>.</summary>
    public long StreamReceiveWindowUni { get; init; }

    /// <summary>ConnFlowControlWindow: initial_max_data.</summary>
    public long ConnectionReceiveWindow { get; init; } = 16 * 1024 * 1024;

    /// <summary>Per-stream bound on buffered, unacknowledged send data (SendBufferingEnabled copies into it).</summary>
    public long StreamSendBufferLimit { get; init; } = 16 * 1024 * 1024;

    /// <summary>InitialWindowPackets.</summary>
    public int InitialWindowPackets { get; init; } = 10;

    /// <summary>InitialRttMs.</summary>
    public long InitialRttMicros { get; init; } = 333_000;

    /// <summary>MaxAckDelayMs: our max_ack_delay.</summary>
    public long MaxAckDelayMicros { get; init; } = 25_000;

    /// <summary>Our ack_delay_exponent (RFC 9000 §18.2 default 3).</summary>
    public int AckDelayExponent { get; init; } = 3;

    /// <summary>CongestionControlAlgorithm (MsQuic: 0 CUBIC).</summary>
    public CongestionControlAlgorithm CongestionControl { get; init; } = CongestionControlAlgorithm.Cubic;

    /// <summary>PacingEnabled.</summary>
    public bool PacingEnabled { get; init; } = true;

    /// <summary>HyStartEnabled (HyStart++ in slow start).</summary>
    public bool HyStartEnabled { get; init; } = true;

    /// <summary>EcnEnabled: mark ECT(0) and validate the path (MsQuic default off).</summary>
    public bool EcnEnabled { get; init; }

    /// <summary>MigrationEnabled: a server accepts a client's new address (else sends disable_active_migration and ignores it).</summary>
    public bool MigrationEnabled { get; init; } = true;

    /// <summary>DatagramReceiveEnabled: advertise max_datagram_frame_size.</summary>
    public bool DatagramReceiveEnabled { get; init; }

    /// <summary>Datagrams queued for sending before the oldest is canceled.</summary>
    public int DatagramSendQueueLength { get; init; } = 64;

    /// <summary>MinimumMtu: the IP MTU assumed at first (payload 1200 is the floor whatever the family).</summary>
    public int MinimumMtu { get; init; } = 1288;

    /// <summary>MaximumMtu: the largest IP MTU DPLPMTUD probes for (1500 → 1472 IPv4 / 1452 IPv6 payload).</summary>
    public int MaximumMtu { get; init; } = 1500;

    /// <summary>MaxBytesPerKey: a key update is started before this many bytes are sealed with one 1-RTT key.</summary>
    public long MaxBytesPerKey { get; init; } = 274_877_906_944;

    /// <summary>Our active_connection_id_limit (and how many IDs we issue at most).</summary>
    public int ActiveConnectionIdLimit { get; init; } = 4;

    /// <summary>Length of the connection IDs we issue (at least 8 for a server, so routing works).</summary>
    public int ConnectionIdLength { get; init; } = 8;

    /// <summary>Add reserved (grease) transport parameters (RFC 9000 §18.1).</summary>
    public bool GreaseTransportParameters { get; init; } = true;

    /// <summary>The stream receive window for a stream kind after the defaults are applied.</summary>
    internal long EffectiveWindow(long specific) => specific > 0 ? specific : StreamReceiveWindow;

    /// <summary>Throws for values no connection could use (local configuration errors).</summary>
    public void Validate()
    {
        if (ConnectionIdLength is < 0 or > 20 || ActiveConnectionIdLimit < 2 || AckDelayExponent is < 0 or > 20)
            throw new ArgumentOutOfRangeException(nameof(ConnectionIdLength));
        if (MaxAckDelayMicros is < 0 or >= (1 << 14) * 1000L || InitialRttMicros <= 0 || InitialWindowPackets < 2)
            throw new ArgumentOutOfRangeException(nameof(MaxAckDelayMicros));
        if (MinimumMtu < 1248 || MaximumMtu < MinimumMtu || MaximumMtu > 65535)
            throw new ArgumentOutOfRangeException(nameof(MaximumMtu));
        if (MaxBytesPerKey <= 0 || DatagramSendQueueLength < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxBytesPerKey));
    }
}
