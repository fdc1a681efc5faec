namespace QuicKestrel.Protocol.Api;

/// <summary>
/// Validates and layers <see cref="QuicSettings"/> the way MsQuic does (its QuicSettingApply in
/// overwrite mode): only members whose "is set" bit is on count; a set member overrides the
/// destination's value and marks it set there too.
/// </summary>
internal static class QuicSettingsRules
{
    /// <summary>The smallest MTU that still carries a 1200-byte Initial over IPv6 (1200 + 40 + 8).</summary>
    public const ushort MinMtu = 1248;

    /// <summary>MsQuic's default starting MTU: its 1240-byte Initial over IPv6 (1240 + 40 + 8).</summary>
    public const ushort DefaultMinimumMtu = 1288;

    /// <summary>The largest MTU MsQuic will probe for.</summary>
    public const ushort MaxMtu = 1500;

    /// <summary>MsQuic's default, and largest, MaxBytesPerKey (2^38).</summary>
    public const ulong MaxBytesPerKeyLimit = 0x40_0000_0000;

    /// <summary>The largest max_ack_delay a peer may be sent (RFC 9000 §18.2: below 2^14).</summary>
    public const uint MaxAckDelayLimitMs = (1 << 14) - 1;

    /// <summary>MsQuic's bound on DisconnectTimeoutMs: 10 minutes.</summary>
    public const uint MaxDisconnectTimeoutMs = 600_000;

    /// <summary>The smallest StreamRecvBufferDefault MsQuic accepts.</summary>
    public const uint MinStreamRecvBuffer = 4096;

    /// <summary>
    /// Checks every set member of <paramref name="settings"/> against MsQuic's rules, as if
    /// applied over <see cref="QuicSettings.Defaults"/>.
    /// </summary>
    public static QuicStatus Validate(in QuicSettings settings)
    {
        QuicSettings scratch = QuicSettings.Defaults;
        return TryApply(ref scratch, settings);
    }

    /// <summary>
    /// Applies the set members of <paramref name="source"/> over <paramref name="destination"/>.
    /// Returns <see cref="QuicStatus.InvalidParameter"/>, leaving the destination unchanged,
    /// when a set member breaks a rule, or when it changes the MTU bounds or ECN while
    /// <paramref name="allowMtuAndEcnChanges"/> is false (a started connection).
    /// </summary>
    public static QuicStatus TryApply(ref QuicSettings destination, in QuicSettings source, bool allowMtuAndEcnChanges = true)
    {
        if (!AreSetMembersValid(source))
            return QuicStatus.InvalidParameter;
        bool changesPath = source.IsSetFlags.HasFlag(QuicSettingsFields.MinimumMtu)
            || source.IsSetFlags.HasFlag(QuicSettingsFields.MaximumMtu)
            || source.IsSetFlags.HasFlag(QuicSettingsFields.EcnEnabled);
        if (changesPath && !allowMtuAndEcnChanges)
            return QuicStatus.InvalidParameter;

        QuicSettings result = destination;
        if (!TryApplyMtu(ref result, source))
            return QuicStatus.InvalidParameter;
        ApplyTimeouts(ref result, source);
        ApplyFlowControl(ref result, source);
        ApplyPath(ref result, source);
        ApplyFeatures(ref result, source);
        destination = result;
        return QuicStatus.Success;
    }

    private static bool AreSetMembersValid(in QuicSettings s)
    {
        if (s.IsSet(QuicSettingsFields.MaxOperationsPerDrain) && s.MaxOperationsPerDrain == 0)
            return false;
        if (s.IsSet(QuicSettingsFields.InitialRttMs) && s.InitialRttMs == 0)
            return false;
        if (s.IsSet(QuicSettingsFields.MaxAckDelayMs) && s.MaxAckDelayMs > MaxAckDelayLimitMs)
            return false;
        if (s.IsSet(QuicSettingsFields.DisconnectTimeoutMs) && s.DisconnectTimeoutMs is 0 or > MaxDisconnectTimeoutMs)
            return false;
        if (s.IsSet(QuicSettingsFields.IdleTimeoutMs) && s.IdleTimeoutMs > QuicLimits.Uint62Max)
            return false;
        if (s.IsSet(QuicSettingsFields.HandshakeIdleTimeoutMs) && s.HandshakeIdleTimeoutMs > QuicLimits.Uint62Max)
            return false;
        if (s.IsSet(QuicSettingsFields.StreamRecvBufferDefault) && s.StreamRecvBufferDefault < MinStreamRecvBuffer)
            return false;
        if (s.IsSet(QuicSettingsFields.MaxBytesPerKey) && s.MaxBytesPerKey > MaxBytesPerKeyLimit)
            return false;
        if (s.IsSet(QuicSettingsFields.ServerResumptionLevel) && s.ServerResumptionLevel > QuicServerResumptionLevel.ResumeAndZeroRtt)
            return false;
        if (s.IsSet(QuicSettingsFields.CongestionControlAlgorithm) && s.CongestionControlAlgorithm > QuicCongestionControlAlgorithm.Bbr)
            return false;
        return AreWindowsValid(s);
    }

    // RFC 9000 does not require it, but MsQuic's flow-control auto-tuning doubles windows and
    // refuses any that is not a power of two.
    private static bool AreWindowsValid(in QuicSettings s) =>
        IsUnsetOrPowerOfTwo(s, QuicSettingsFields.StreamRecvWindowDefault, s.StreamRecvWindowDefault)
        && IsUnsetOrPowerOfTwo(s, QuicSettingsFields.StreamRecvWindowBidiLocalDefault, s.StreamRecvWindowBidiLocalDefault)
        && IsUnsetOrPowerOfTwo(s, QuicSettingsFields.StreamRecvWindowBidiRemoteDefault, s.StreamRecvWindowBidiRemoteDefault)
        && IsUnsetOrPowerOfTwo(s, QuicSettingsFields.StreamRecvWindowUnidiDefault, s.StreamRecvWindowUnidiDefault);

    private static bool IsUnsetOrPowerOfTwo(in QuicSettings s, QuicSettingsFields field, uint value) =>
        !s.IsSet(field) || uint.IsPow2(value);

    // MsQuic clamps each bound to [1248, 1500]; a bound the destination has not set counts as
    // the widest value, so lowering only the maximum below the default minimum still works.
    private static bool TryApplyMtu(ref QuicSettings d, in QuicSettings s)
    {
        bool setsMin = s.IsSet(QuicSettingsFields.MinimumMtu);
        bool setsMax = s.IsSet(QuicSettingsFields.MaximumMtu);
        if (!setsMin && !setsMax)
            return true;
        ushort min = setsMin ? ClampMtu(s.MinimumMtu) : d.IsSet(QuicSettingsFields.MinimumMtu) ? d.MinimumMtu : MinMtu;
        ushort max = setsMax ? ClampMtu(s.MaximumMtu) : d.IsSet(QuicSettingsFields.MaximumMtu) ? d.MaximumMtu : MaxMtu;
        if (min > max)
            return false;
        QuicSettingsFields wasSet = d.IsSetFlags;
        d.MinimumMtu = min;
        d.MaximumMtu = max;
        d.IsSetFlags = wasSet | (s.IsSetFlags & (QuicSettingsFields.MinimumMtu | QuicSettingsFields.MaximumMtu));
        return true;
    }

    private static ushort ClampMtu(ushort mtu) => Math.Clamp(mtu, MinMtu, MaxMtu);

    private static void ApplyTimeouts(ref QuicSettings d, in QuicSettings s)
    {
        if (s.IsSet(QuicSettingsFields.HandshakeIdleTimeoutMs)) d.HandshakeIdleTimeoutMs = s.HandshakeIdleTimeoutMs;
        if (s.IsSet(QuicSettingsFields.IdleTimeoutMs)) d.IdleTimeoutMs = s.IdleTimeoutMs;
        if (s.IsSet(QuicSettingsFields.DisconnectTimeoutMs)) d.DisconnectTimeoutMs = s.DisconnectTimeoutMs;
        if (s.IsSet(QuicSettingsFields.KeepAliveIntervalMs)) d.KeepAliveIntervalMs = s.KeepAliveIntervalMs;
        if (s.IsSet(QuicSettingsFields.SendIdleTimeoutMs)) d.SendIdleTimeoutMs = s.SendIdleTimeoutMs;
        if (s.IsSet(QuicSettingsFields.DestCidUpdateIdleTimeoutMs)) d.DestCidUpdateIdleTimeoutMs = s.DestCidUpdateIdleTimeoutMs;
        if (s.IsSet(QuicSettingsFields.InitialRttMs)) d.InitialRttMs = s.InitialRttMs;
        if (s.IsSet(QuicSettingsFields.MaxAckDelayMs)) d.MaxAckDelayMs = s.MaxAckDelayMs;
    }

    private static void ApplyFlowControl(ref QuicSettings d, in QuicSettings s)
    {
        if (s.IsSet(QuicSettingsFields.StreamRecvWindowDefault))
        {
            // The general window also becomes each per-type window, without marking those set;
            // per-type windows the source sets explicitly then win.
            d.StreamRecvWindowDefault = s.StreamRecvWindowDefault;
            QuicSettingsFields wasSet = d.IsSetFlags;
            d.StreamRecvWindowBidiLocalDefault = s.StreamRecvWindowDefault;
            d.StreamRecvWindowBidiRemoteDefault = s.StreamRecvWindowDefault;
            d.StreamRecvWindowUnidiDefault = s.StreamRecvWindowDefault;
            d.IsSetFlags = wasSet;
        }
        if (s.IsSet(QuicSettingsFields.StreamRecvWindowBidiLocalDefault)) d.StreamRecvWindowBidiLocalDefault = s.StreamRecvWindowBidiLocalDefault;
        if (s.IsSet(QuicSettingsFields.StreamRecvWindowBidiRemoteDefault)) d.StreamRecvWindowBidiRemoteDefault = s.StreamRecvWindowBidiRemoteDefault;
        if (s.IsSet(QuicSettingsFields.StreamRecvWindowUnidiDefault)) d.StreamRecvWindowUnidiDefault = s.StreamRecvWindowUnidiDefault;
        if (s.IsSet(QuicSettingsFields.StreamRecvBufferDefault)) d.StreamRecvBufferDefault = s.StreamRecvBufferDefault;
        if (s.IsSet(QuicSettingsFields.ConnFlowControlWindow)) d.ConnFlowControlWindow = s.ConnFlowControlWindow;
        if (s.IsSet(QuicSettingsFields.PeerBidiStreamCount)) d.PeerBidiStreamCount = s.PeerBidiStreamCount;
        if (s.IsSet(QuicSettingsFields.PeerUnidiStreamCount)) d.PeerUnidiStreamCount = s.PeerUnidiStreamCount;
        if (s.IsSet(QuicSettingsFields.SendBufferingEnabled)) d.SendBufferingEnabled = s.SendBufferingEnabled;
    }

    private static void ApplyPath(ref QuicSettings d, in QuicSettings s)
    {
        if (s.IsSet(QuicSettingsFields.MtuDiscoverySearchCompleteTimeoutUs)) d.MtuDiscoverySearchCompleteTimeoutUs = s.MtuDiscoverySearchCompleteTimeoutUs;
        if (s.IsSet(QuicSettingsFields.MtuDiscoveryMissingProbeCount)) d.MtuDiscoveryMissingProbeCount = s.MtuDiscoveryMissingProbeCount;
        if (s.IsSet(QuicSettingsFields.CongestionControlAlgorithm)) d.CongestionControlAlgorithm = s.CongestionControlAlgorithm;
        if (s.IsSet(QuicSettingsFields.InitialWindowPackets)) d.InitialWindowPackets = s.InitialWindowPackets;
        if (s.IsSet(QuicSettingsFields.PacingEnabled)) d.PacingEnabled = s.PacingEnabled;
        if (s.IsSet(QuicSettingsFields.HyStartEnabled)) d.HyStartEnabled = s.HyStartEnabled;
        if (s.IsSet(QuicSettingsFields.EcnEnabled)) d.EcnEnabled = s.EcnEnabled;
        if (s.IsSet(QuicSettingsFields.MigrationEnabled)) d.MigrationEnabled = s.MigrationEnabled;
        if (s.IsSet(QuicSettingsFields.GreaseQuicBitEnabled)) d.GreaseQuicBitEnabled = s.GreaseQuicBitEnabled;
    }

    private static void ApplyFeatures(ref QuicSettings d, in QuicSettings s)
    {
        if (s.IsSet(QuicSettingsFields.DatagramReceiveEnabled)) d.DatagramReceiveEnabled = s.DatagramReceiveEnabled;
        if (s.IsSet(QuicSettingsFields.ServerResumptionLevel)) d.ServerResumptionLevel = s.ServerResumptionLevel;
        if (s.IsSet(QuicSettingsFields.MaxBytesPerKey)) d.MaxBytesPerKey = s.MaxBytesPerKey;
        if (s.IsSet(QuicSettingsFields.TlsClientMaxSendBuffer)) d.TlsClientMaxSendBuffer = s.TlsClientMaxSendBuffer;
        if (s.IsSet(QuicSettingsFields.TlsServerMaxSendBuffer)) d.TlsServerMaxSendBuffer = s.TlsServerMaxSendBuffer;
        if (s.IsSet(QuicSettingsFields.MaxWorkerQueueDelayUs)) d.MaxWorkerQueueDelayUs = s.MaxWorkerQueueDelayUs;
        if (s.IsSet(QuicSettingsFields.MaxStatelessOperations)) d.MaxStatelessOperations = s.MaxStatelessOperations;
        if (s.IsSet(QuicSettingsFields.MaxBindingStatelessOperations)) d.MaxBindingStatelessOperations = s.MaxBindingStatelessOperations;
        if (s.IsSet(QuicSettingsFields.StatelessOperationExpirationMs)) d.StatelessOperationExpirationMs = s.StatelessOperationExpirationMs;
        if (s.IsSet(QuicSettingsFields.MaxOperationsPerDrain)) d.MaxOperationsPerDrain = s.MaxOperationsPerDrain;
    }
}
