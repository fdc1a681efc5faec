namespace QuicKestrel.Protocol.Api;

public partial struct QuicSettings
{
    private static readonly QuicSettings s_defaults = CreateDefaults();

    /// <summary>
    /// MsQuic's defaults for every member, with no "is set" bit: the values in force when nothing
    /// overrides them. HandshakeIdleTimeoutMs 10000, IdleTimeoutMs 30000, DisconnectTimeoutMs
    /// 16000, KeepAliveIntervalMs 0, SendIdleTimeoutMs 1000, DestCidUpdateIdleTimeoutMs 20000,
    /// InitialRttMs 333, MaxAckDelayMs 25, StreamRecvWindowDefault and the three per-type
    /// windows 65536, StreamRecvBufferDefault 4096, ConnFlowControlWindow 16777216,
    /// PeerBidiStreamCount 0, PeerUnidiStreamCount 0, SendBufferingEnabled true, MinimumMtu 1288,
    /// MaximumMtu 1500, MtuDiscoverySearchCompleteTimeoutUs 600000000,
    /// MtuDiscoveryMissingProbeCount 3, CongestionControlAlgorithm Cubic, InitialWindowPackets 10,
    /// PacingEnabled true, HyStartEnabled false, EcnEnabled false, MigrationEnabled true,
    /// GreaseQuicBitEnabled false, DatagramReceiveEnabled false, ServerResumptionLevel NoResume,
    /// MaxBytesPerKey 274877906944, TlsClientMaxSendBuffer 4096, TlsServerMaxSendBuffer 8192,
    /// MaxWorkerQueueDelayUs 250000, MaxStatelessOperations 16, MaxBindingStatelessOperations 100,
    /// StatelessOperationExpirationMs 100, MaxOperationsPerDrain 16.
    /// </summary>
    public static QuicSettings Defaults => s_defaults;

    private static QuicSettings CreateDefaults()
    {
        var settings = new QuicSettings
        {
            HandshakeIdleTimeoutMs = 10_000,
            IdleTimeoutMs = 30_000,
            DisconnectTimeoutMs = 16_000,
            KeepAliveIntervalMs = 0,
            SendIdleTimeoutMs = 1_000,
            DestCidUpdateIdleTimeoutMs = 20_000,
            InitialRttMs = 333,
            MaxAckDelayMs = 25,
            StreamRecvWindowDefault = 65_536,
            StreamRecvWindowBidiLocalDefault = 65_536,
            StreamRecvWindowBidiRemoteDefault = 65_536,
            StreamRecvWindowUnidiDefault = 65_536,
            StreamRecvBufferDefault = 4_096,
            ConnFlowControlWindow = 16_777_216,
            PeerBidiStreamCount = 0,
            PeerUnidiStreamCount = 0,
            SendBufferingEnabled = true,
            MinimumMtu = QuicSettingsRules.DefaultMinimumMtu,
            MaximumMtu = QuicSettingsRules.MaxMtu,
            MtuDiscoverySearchCompleteTimeoutUs = 600_000_000,
            MtuDiscoveryMissingProbeCount = 3,
            CongestionControlAlgorithm = QuicCongestionControlAlgorithm.Cubic,
            InitialWindowPackets = 10,
            PacingEnabled = true,
            HyStartEnabled = false,
            EcnEnabled = false,
            MigrationEnabled = true,
            GreaseQuicBitEnabled = false,
            DatagramReceiveEnabled = false,
            ServerResumptionLevel = QuicServerResumptionLevel.NoResume,
            MaxBytesPerKey = QuicSettingsRules.MaxBytesPerKeyLimit,
            TlsClientMaxSendBuffer = 4_096,
            TlsServerMaxSendBuffer = 8_192,
            MaxWorkerQueueDelayUs = 250_000,
            MaxStatelessOperations = 16,
            MaxBindingStatelessOperations = 100,
            StatelessOperationExpirationMs = 100,
            MaxOperationsPerDrain = 16,
        };
        settings.IsSetFlags = QuicSettingsFields.None;
        return settings;
    }
}
