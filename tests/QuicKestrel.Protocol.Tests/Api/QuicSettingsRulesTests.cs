using System.Runtime.InteropServices;
using FsCheck;
using FsCheck.Fluent;
using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Protocol.Tests.Api;

public class QuicSettingsRulesTests
{
    public delegate void Edit(ref QuicSettings settings);

    public static TheoryData<string, Edit, QuicStatus> Cases() => new()
    {
        { "InitialRttMs 0", (ref QuicSettings s) => s.InitialRttMs = 0, QuicStatus.InvalidParameter },
        { "InitialRttMs 1", (ref QuicSettings s) => s.InitialRttMs = 1, QuicStatus.Success },
        { "MaxOperationsPerDrain 0", (ref QuicSettings s) => s.MaxOperationsPerDrain = 0, QuicStatus.InvalidParameter },
        { "MaxAckDelayMs 16383", (ref QuicSettings s) => s.MaxAckDelayMs = 16383, QuicStatus.Success },
        { "MaxAckDelayMs 16384", (ref QuicSettings s) => s.MaxAckDelayMs = 16384, QuicStatus.InvalidParameter },
        { "DisconnectTimeoutMs 0", (ref QuicSettings s) => s.DisconnectTimeoutMs = 0, QuicStatus.InvalidParameter },
        { "DisconnectTimeoutMs 600000", (ref QuicSettings s) => s.DisconnectTimeoutMs = 600_000, QuicStatus.Success },
        { "DisconnectTimeoutMs 600001", (ref QuicSettings s) => s.DisconnectTimeoutMs = 600_001, QuicStatus.InvalidParameter },
        { "IdleTimeoutMs 0 (off)", (ref QuicSettings s) => s.IdleTimeoutMs = 0, QuicStatus.Success },
        { "IdleTimeoutMs 2^62-1", (ref QuicSettings s) => s.IdleTimeoutMs = QuicLimits.Uint62Max, QuicStatus.Success },
        { "IdleTimeoutMs 2^62", (ref QuicSettings s) => s.IdleTimeoutMs = QuicLimits.Uint62Max + 1, QuicStatus.InvalidParameter },
        { "HandshakeIdleTimeoutMs 2^62", (ref QuicSettings s) => s.HandshakeIdleTimeoutMs = QuicLimits.Uint62Max + 1, QuicStatus.InvalidParameter },
        { "StreamRecvWindowDefault 0", (ref QuicSettings s) => s.StreamRecvWindowDefault = 0, QuicStatus.InvalidParameter },
        { "StreamRecvWindowDefault 3000", (ref QuicSettings s) => s.StreamRecvWindowDefault = 3000, QuicStatus.InvalidParameter },
        { "StreamRecvWindowDefault 2^20", (ref QuicSettings s) => s.StreamRecvWindowDefault = 1 << 20, QuicStatus.Success },
        { "StreamRecvWindowBidiLocalDefault 3", (ref QuicSettings s) => s.StreamRecvWindowBidiLocalDefault = 3, QuicStatus.InvalidParameter },
        { "StreamRecvWindowBidiRemoteDefault 0", (ref QuicSettings s) => s.StreamRecvWindowBidiRemoteDefault = 0, QuicStatus.InvalidParameter },
        { "StreamRecvWindowUnidiDefault 6", (ref QuicSettings s) => s.StreamRecvWindowUnidiDefault = 6, QuicStatus.InvalidParameter },
        { "StreamRecvWindowUnidiDefault 1", (ref QuicSettings s) => s.StreamRecvWindowUnidiDefault = 1, QuicStatus.Success },
        { "StreamRecvBufferDefault 4095", (ref QuicSettings s) => s.StreamRecvBufferDefault = 4095, QuicStatus.InvalidParameter },
        { "StreamRecvBufferDefault 4096", (ref QuicSettings s) => s.StreamRecvBufferDefault = 4096, QuicStatus.Success },
        { "MaxBytesPerKey 2^38", (ref QuicSettings s) => s.MaxBytesPerKey = 1UL << 38, QuicStatus.Success },
        { "MaxBytesPerKey 2^38+1", (ref QuicSettings s) => s.MaxBytesPerKey = (1UL << 38) + 1, QuicStatus.InvalidParameter },
        { "ServerResumptionLevel 3", (ref QuicSettings s) => s.ServerResumptionLevel = (QuicServerResumptionLevel)3, QuicStatus.InvalidParameter },
        { "CongestionControlAlgorithm Bbr", (ref QuicSettings s) => s.CongestionControlAlgorithm = QuicCongestionControlAlgorithm.Bbr, QuicStatus.Success },
        { "CongestionControlAlgorithm 2", (ref QuicSettings s) => s.CongestionControlAlgorithm = (QuicCongestionControlAlgorithm)2, QuicStatus.InvalidParameter },
        { "MinimumMtu 1400 > MaximumMtu 1300", (ref QuicSettings s) => { s.MinimumMtu = 1400; s.MaximumMtu = 1300; }, QuicStatus.InvalidParameter },
        { "MinimumMtu = MaximumMtu", (ref QuicSettings s) => { s.MinimumMtu = 1400; s.MaximumMtu = 1400; }, QuicStatus.Success },
        { "unset invalid values are ignored", (ref QuicSettings s) => { s.InitialRttMs = 0; s.IsSetFlags = QuicSettingsFields.None; }, QuicStatus.Success },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Validation_follows_msquics_rules(string name, Edit edit, QuicStatus expected)
    {
        QuicSettings settings = default;
        edit(ref settings);
        Assert.True(expected == QuicSettingsRules.Validate(settings), name);
    }

    [Theory]
    [InlineData(1000, 9000, 1248, 1500)]
    [InlineData(1300, 1400, 1300, 1400)]
    [InlineData(1500, 65000, 1500, 1500)]
    public void Mtu_bounds_are_clamped_to_1248_through_1500(ushort min, ushort max, ushort expectedMin, ushort expectedMax)
    {
        QuicSettings effective = QuicSettings.Defaults;
        var source = new QuicSettings { MinimumMtu = min, MaximumMtu = max };
        Assert.Equal(QuicStatus.Success, QuicSettingsRules.TryApply(ref effective, source));
        Assert.Equal(expectedMin, effective.MinimumMtu);
        Assert.Equal(expectedMax, effective.MaximumMtu);
        Assert.True(effective.IsSet(QuicSettingsFields.MinimumMtu | QuicSettingsFields.MaximumMtu));
    }

    [Fact]
    public void Lowering_only_the_maximum_below_the_default_minimum_lowers_the_minimum_as_msquic_does()
    {
        QuicSettings effective = QuicSettings.Defaults;
        Assert.Equal(QuicStatus.Success, QuicSettingsRules.TryApply(ref effective, new QuicSettings { MaximumMtu = 1280 }));
        Assert.Equal(1248, effective.MinimumMtu);
        Assert.Equal(1280, effective.MaximumMtu);
        Assert.False(effective.IsSet(QuicSettingsFields.MinimumMtu));

        // Once the minimum was set explicitly it is honoured, and crossing it fails.
        Assert.Equal(QuicStatus.Success, QuicSettingsRules.TryApply(ref effective, new QuicSettings { MinimumMtu = 1280 }));
        Assert.Equal(QuicStatus.InvalidParameter, QuicSettingsRules.TryApply(ref effective, new QuicSettings { MaximumMtu = 1260 }));
    }

    [Theory]
    [InlineData(QuicSettingsFields.MinimumMtu)]
    [InlineData(QuicSettingsFields.MaximumMtu)]
    [InlineData(QuicSettingsFields.EcnEnabled)]
    public void A_started_connection_refuses_mtu_and_ecn_changes(QuicSettingsFields field)
    {
        QuicSettings effective = QuicSettings.Defaults;
        QuicSettings source = QuicSettings.Defaults;
        source.IsSetFlags = field;
        Assert.Equal(QuicStatus.InvalidParameter, QuicSettingsRules.TryApply(ref effective, source, allowMtuAndEcnChanges: false));
        source.IsSetFlags = QuicSettingsFields.IdleTimeoutMs;
        Assert.Equal(QuicStatus.Success, QuicSettingsRules.TryApply(ref effective, source, allowMtuAndEcnChanges: false));
    }

    [Fact]
    public void Set_members_override_and_unset_members_are_inherited()
    {
        QuicSettings effective = QuicSettings.Defaults;
        var configuration = new QuicSettings { IdleTimeoutMs = 1_000, PeerBidiStreamCount = 100, PacingEnabled = false };
        Assert.Equal(QuicStatus.Success, QuicSettingsRules.TryApply(ref effective, configuration));
        var connection = new QuicSettings { IdleTimeoutMs = 2_000, DatagramReceiveEnabled = true };
        Assert.Equal(QuicStatus.Success, QuicSettingsRules.TryApply(ref effective, connection));

        Assert.Equal(2_000UL, effective.IdleTimeoutMs);
        Assert.Equal(100, effective.PeerBidiStreamCount);
        Assert.False(effective.PacingEnabled);
        Assert.True(effective.DatagramReceiveEnabled);
        Assert.Equal(10_000UL, effective.HandshakeIdleTimeoutMs);
        Assert.True(effective.MigrationEnabled);
        Assert.Equal(
            QuicSettingsFields.IdleTimeoutMs | QuicSettingsFields.PeerBidiStreamCount | QuicSettingsFields.PacingEnabled | QuicSettingsFields.DatagramReceiveEnabled,
            effective.IsSetFlags);
    }

    [Fact]
    public void The_general_stream_window_fills_the_per_type_windows_unless_they_are_set()
    {
        QuicSettings effective = QuicSettings.Defaults;
        var source = new QuicSettings { StreamRecvWindowDefault = 1 << 20, StreamRecvWindowBidiRemoteDefault = 1 << 18 };
        Assert.Equal(QuicStatus.Success, QuicSettingsRules.TryApply(ref effective, source));
        Assert.Equal(1u << 20, effective.StreamRecvWindowDefault);
        Assert.Equal(1u << 20, effective.StreamRecvWindowBidiLocalDefault);
        Assert.Equal(1u << 18, effective.StreamRecvWindowBidiRemoteDefault);
        Assert.Equal(1u << 20, effective.StreamRecvWindowUnidiDefault);
        Assert.False(effective.IsSet(QuicSettingsFields.StreamRecvWindowBidiLocalDefault));
        Assert.True(effective.IsSet(QuicSettingsFields.StreamRecvWindowBidiRemoteDefault));
    }

    [Fact]
    public void A_failed_apply_leaves_the_destination_untouched()
    {
        QuicSettings effective = QuicSettings.Defaults;
        byte[] before = Bytes(effective);
        var source = new QuicSettings { IdleTimeoutMs = 1, InitialRttMs = 0 };
        Assert.Equal(QuicStatus.InvalidParameter, QuicSettingsRules.TryApply(ref effective, source));
        Assert.Equal(before, Bytes(effective));
    }

    [Fact]
    public void Arbitrary_raw_settings_bytes_never_throw_and_apply_atomically_and_idempotently()
    {
        // Settings arrive as raw bytes through SetParam, so every byte pattern must be handled.
        var raw = ArbMap.Default.GeneratorFor<byte[]>()
            .Where(bytes => bytes.Length > 0)
            .Select(bytes => Enumerable.Range(0, 144).Select(i => bytes[i % bytes.Length]).ToArray())
            .ToArbitrary();
        var masks = ArbMap.Default.ArbFor<(ulong, ulong, ulong)>();
        int applied = 0;
        Prop.ForAll(raw, masks, (bytes, mask) =>
        {
            QuicSettings source = MemoryMarshal.Read<QuicSettings>(bytes);
            if ((mask.Item1 & 1) == 0) // half the cases: only a few members set, so that many apply
                source.IsSetFlags &= (QuicSettingsFields)(mask.Item1 & mask.Item2 & mask.Item3);
            QuicSettings effective = QuicSettings.Defaults;
            byte[] before = Bytes(effective);
            QuicStatus status = QuicSettingsRules.TryApply(ref effective, source);
            Assert.True(status is QuicStatus.Success or QuicStatus.InvalidParameter);
            if (status.Failed())
            {
                Assert.Equal(before, Bytes(effective));
                return;
            }
            applied++;
            Assert.Equal(QuicStatus.Success, QuicSettingsRules.Validate(effective));
            byte[] once = Bytes(effective);
            Assert.Equal(QuicStatus.Success, QuicSettingsRules.TryApply(ref effective, source));
            Assert.Equal(once, Bytes(effective));
            if (source.IsSet(QuicSettingsFields.IdleTimeoutMs))
                Assert.Equal(source.IdleTimeoutMs, effective.IdleTimeoutMs);
            if (source.IsSet(QuicSettingsFields.EcnEnabled))
                Assert.Equal(source.EcnEnabled, effective.EcnEnabled);
        }).QuickCheckThrowOnFailure();
        Assert.True(applied > 0, "no generated settings were valid");
    }

    private static byte[] Bytes(QuicSettings settings) => MemoryMarshal.AsBytes(new ReadOnlySpan<QuicSettings>(in settings)).ToArray();
}
