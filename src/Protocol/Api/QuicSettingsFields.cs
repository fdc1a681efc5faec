namespace QuicKestrel.Protocol.Api;

/// <summary>
/// One bit per <see cref="QuicSettings"/> member, in MsQuic's order, so
/// <see cref="QuicSettings.IsSetFlags"/> has exactly the value of MsQuic's
/// <c>QUIC_SETTINGS.IsSetFlags</c>. A set bit means "this member was given a value and
/// overrides the inherited one"; assigning a member sets its bit.
/// </summary>
[Flags]
public enum QuicSettingsFields : ulong
{
    /// <summary>No member set.</summary>
    None = 0,

    /// <summary><see cref="QuicSettings.MaxBytesPerKey"/>.</summary>
    MaxBytesPerKey = 1UL << 0,

    /// <summary><see cref="QuicSettings.HandshakeIdleTimeoutMs"/>.</summary>
    HandshakeIdleTimeoutMs = 1UL << 1,

    /// <summary><see cref="QuicSettings.IdleTimeoutMs"/>.</summary>
    IdleTimeoutMs = 1UL << 2,

    /// <summary><see cref="QuicSettings.MtuDiscoverySearchCompleteTimeoutUs"/>.</summary>
    MtuDiscoverySearchCompleteTimeoutUs = 1UL << 3,

    /// <summary><see cref="QuicSettings.TlsClientMaxSendBuffer"/>.</summary>
    TlsClientMaxSendBuffer = 1UL << 4,

    /// <summary><see cref="QuicSettings.TlsServerMaxSendBuffer"/>.</summary>
    TlsServerMaxSendBuffer = 1UL << 5,

    /// <summary><see cref="QuicSettings.StreamRecvWindowDefault"/>.</summary>
    StreamRecvWindowDefault = 1UL << 6,

    /// <summary><see cref="QuicSettings.StreamRecvBufferDefault"/>.</summary>
    StreamRecvBufferDefault = 1UL << 7,

    /// <summary><see cref="QuicSettings.ConnFlowControlWindow"/>.</summary>
    ConnFlowControlWindow = 1UL << 8,

    /// <summary><see cref="QuicSettings.MaxWorkerQueueDelayUs"/>.</summary>
    MaxWorkerQueueDelayUs = 1UL << 9,

    /// <summary><see cref="QuicSettings.MaxStatelessOperations"/>.</summary>
    MaxStatelessOperations = 1UL << 10,

    /// <summary><see cref="QuicSettings.InitialWindowPackets"/>.</summary>
    InitialWindowPackets = 1UL << 11,

    /// <summary><see cref="QuicSettings.SendIdleTimeoutMs"/>.</summary>
    SendIdleTimeoutMs = 1UL << 12,

    /// <summary><see cref="QuicSettings.InitialRttMs"/>.</summary>
    InitialRttMs = 1UL << 13,

    /// <summary><see cref="QuicSettings.MaxAckDelayMs"/>.</summary>
    MaxAckDelayMs = 1UL << 14,

    /// <summary><see cref="QuicSettings.DisconnectTimeoutMs"/>.</summary>
    DisconnectTimeoutMs = 1UL << 15,

    /// <summary><see cref="QuicSettings.KeepAliveIntervalMs"/>.</summary>
    KeepAliveIntervalMs = 1UL << 16,

    /// <summary><see cref="QuicSettings.CongestionControlAlgorithm"/>.</summary>
    CongestionControlAlgorithm = 1UL << 17,

    /// <summary><see cref="QuicSettings.PeerBidiStreamCount"/>.</summary>
    PeerBidiStreamCount = 1UL << 18,

    /// <summary><see cref="QuicSettings.PeerUnidiStreamCount"/>.</summary>
    PeerUnidiStreamCount = 1UL << 19,

    /// <summary><see cref="QuicSettings.MaxBindingStatelessOperations"/>.</summary>
    MaxBindingStatelessOperations = 1UL << 20,

    /// <summary><see cref="QuicSettings.StatelessOperationExpirationMs"/>.</summary>
    StatelessOperationExpirationMs = 1UL << 21,

    /// <summary><see cref="QuicSettings.MinimumMtu"/>.</summary>
    MinimumMtu = 1UL << 22,

    /// <summary><see cref="QuicSettings.MaximumMtu"/>.</summary>
    MaximumMtu = 1UL << 23,

    /// <summary><see cref="QuicSettings.SendBufferingEnabled"/>.</summary>
    SendBufferingEnabled = 1UL << 24,

    /// <summary><see cref="QuicSettings.PacingEnabled"/>.</summary>
    PacingEnabled = 1UL << 25,

    /// <summary><see cref="QuicSettings.MigrationEnabled"/>.</summary>
    MigrationEnabled = 1UL << 26,

    /// <summary><see cref="QuicSettings.DatagramReceiveEnabled"/>.</summary>
    DatagramReceiveEnabled = 1UL << 27,

    /// <summary><see cref="QuicSettings.ServerResumptionLevel"/>.</summary>
    ServerResumptionLevel = 1UL << 28,

    /// <summary><see cref="QuicSettings.MaxOperationsPerDrain"/>.</summary>
    MaxOperationsPerDrain = 1UL << 29,

    /// <summary><see cref="QuicSettings.MtuDiscoveryMissingProbeCount"/>.</summary>
    MtuDiscoveryMissingProbeCount = 1UL << 30,

    /// <summary><see cref="QuicSettings.DestCidUpdateIdleTimeoutMs"/>.</summary>
    DestCidUpdateIdleTimeoutMs = 1UL << 31,

    /// <summary><see cref="QuicSettings.GreaseQuicBitEnabled"/>.</summary>
    GreaseQuicBitEnabled = 1UL << 32,

    /// <summary><see cref="QuicSettings.EcnEnabled"/>.</summary>
    EcnEnabled = 1UL << 33,

    /// <summary><see cref="QuicSettings.HyStartEnabled"/>.</summary>
    HyStartEnabled = 1UL << 34,

    /// <summary><see cref="QuicSettings.StreamRecvWindowBidiLocalDefault"/>.</summary>
    StreamRecvWindowBidiLocalDefault = 1UL << 35,

    /// <summary><see cref="QuicSettings.StreamRecvWindowBidiRemoteDefault"/>.</summary>
    StreamRecvWindowBidiRemoteDefault = 1UL << 36,

    /// <summary><see cref="QuicSettings.StreamRecvWindowUnidiDefault"/>.</summary>
    StreamRecvWindowUnidiDefault = 1UL << 37,

    /// <summary>Every member this type knows. Higher bits (MsQuic preview settings) are ignored.</summary>
    All = (1UL << 38) - 1,
}
