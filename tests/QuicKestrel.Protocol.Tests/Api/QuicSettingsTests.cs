using System.Reflection;
using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Protocol.Tests.Api;

public class QuicSettingsTests
{
    private static readonly PropertyInfo[] Members = typeof(QuicSettings).GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(property => property.Name != nameof(QuicSettings.IsSetFlags))
        .ToArray();

    [Fact]
    public void There_is_one_member_per_IsSet_bit()
    {
        Assert.Equal(38, Members.Length);
        Assert.Equal(Members.Select(m => m.Name).Order(), Enum.GetNames<QuicSettingsFields>().Except(["None", "All"]).Order());
    }

    [Fact]
    public void Assigning_a_member_sets_exactly_its_bit_and_stores_the_value()
    {
        foreach (PropertyInfo member in Members)
        {
            object boxed = new QuicSettings();
            object value = SampleValue(member.PropertyType);
            member.SetValue(boxed, value);
            var settings = (QuicSettings)boxed;
            Assert.Equal(Enum.Parse<QuicSettingsFields>(member.Name), settings.IsSetFlags);
            Assert.Equal(value, member.GetValue(settings));
        }
    }

    [Fact]
    public void Default_sets_nothing()
    {
        QuicSettings settings = default;
        Assert.Equal(QuicSettingsFields.None, settings.IsSetFlags);
        Assert.True(settings.IsSet(QuicSettingsFields.None));
        Assert.False(settings.IsSet(QuicSettingsFields.IdleTimeoutMs));
    }

    [Fact]
    public void IsSet_is_true_only_when_every_named_member_is_set()
    {
        var settings = new QuicSettings { IdleTimeoutMs = 5, PeerBidiStreamCount = 3 };
        Assert.True(settings.IsSet(QuicSettingsFields.IdleTimeoutMs));
        Assert.True(settings.IsSet(QuicSettingsFields.IdleTimeoutMs | QuicSettingsFields.PeerBidiStreamCount));
        Assert.False(settings.IsSet(QuicSettingsFields.IdleTimeoutMs | QuicSettingsFields.PeerUnidiStreamCount));
    }

    [Fact]
    public void Clearing_the_IsSet_flags_keeps_the_values()
    {
        var settings = new QuicSettings { KeepAliveIntervalMs = 700, EcnEnabled = true };
        settings.IsSetFlags = QuicSettingsFields.None;
        Assert.Equal(700u, settings.KeepAliveIntervalMs);
        Assert.True(settings.EcnEnabled);
        Assert.False(settings.IsSet(QuicSettingsFields.KeepAliveIntervalMs));
    }

    [Fact]
    public void Bit_field_members_do_not_disturb_each_other()
    {
        var settings = new QuicSettings
        {
            SendBufferingEnabled = true, PacingEnabled = true, MigrationEnabled = true, DatagramReceiveEnabled = true,
            ServerResumptionLevel = QuicServerResumptionLevel.ResumeOnly, GreaseQuicBitEnabled = true, EcnEnabled = true,
        };
        settings.PacingEnabled = false;
        settings.ServerResumptionLevel = QuicServerResumptionLevel.ResumeAndZeroRtt;
        Assert.True(settings.SendBufferingEnabled && settings.MigrationEnabled && settings.DatagramReceiveEnabled);
        Assert.True(settings.GreaseQuicBitEnabled && settings.EcnEnabled);
        Assert.False(settings.PacingEnabled);
        Assert.Equal(QuicServerResumptionLevel.ResumeAndZeroRtt, settings.ServerResumptionLevel);
    }

    [Fact]
    public void An_out_of_range_resumption_level_is_kept_invalid_not_wrapped()
    {
        var settings = new QuicSettings { ServerResumptionLevel = (QuicServerResumptionLevel)4 };
        Assert.Equal((QuicServerResumptionLevel)3, settings.ServerResumptionLevel);
        Assert.Equal(QuicStatus.InvalidParameter, QuicSettingsRules.Validate(settings));
    }

    [Fact]
    public void Defaults_are_msquics_and_set_no_bit()
    {
        QuicSettings d = QuicSettings.Defaults;
        Assert.Equal(QuicSettingsFields.None, d.IsSetFlags);
        Assert.Equal(10_000UL, d.HandshakeIdleTimeoutMs);
        Assert.Equal(30_000UL, d.IdleTimeoutMs);
        Assert.Equal(16_000u, d.DisconnectTimeoutMs);
        Assert.Equal(0u, d.KeepAliveIntervalMs);
        Assert.Equal(1_000u, d.SendIdleTimeoutMs);
        Assert.Equal(20_000u, d.DestCidUpdateIdleTimeoutMs);
        Assert.Equal(333u, d.InitialRttMs);
        Assert.Equal(25u, d.MaxAckDelayMs);
        Assert.Equal(65_536u, d.StreamRecvWindowDefault);
        Assert.Equal(65_536u, d.StreamRecvWindowBidiLocalDefault);
        Assert.Equal(65_536u, d.StreamRecvWindowBidiRemoteDefault);
        Assert.Equal(65_536u, d.StreamRecvWindowUnidiDefault);
        Assert.Equal(4_096u, d.StreamRecvBufferDefault);
        Assert.Equal(16_777_216u, d.ConnFlowControlWindow);
        Assert.Equal(0, d.PeerBidiStreamCount);
        Assert.Equal(0, d.PeerUnidiStreamCount);
        Assert.True(d.SendBufferingEnabled);
        Assert.Equal(1288, d.MinimumMtu);
        Assert.Equal(1500, d.MaximumMtu);
        Assert.Equal(600_000_000UL, d.MtuDiscoverySearchCompleteTimeoutUs);
        Assert.Equal(3, d.MtuDiscoveryMissingProbeCount);
        Assert.Equal(QuicCongestionControlAlgorithm.Cubic, d.CongestionControlAlgorithm);
        Assert.Equal(10u, d.InitialWindowPackets);
        Assert.True(d.PacingEnabled);
        Assert.False(d.HyStartEnabled);
        Assert.False(d.EcnEnabled);
        Assert.True(d.MigrationEnabled);
        Assert.False(d.GreaseQuicBitEnabled);
        Assert.False(d.DatagramReceiveEnabled);
        Assert.Equal(QuicServerResumptionLevel.NoResume, d.ServerResumptionLevel);
        Assert.Equal(274_877_906_944UL, d.MaxBytesPerKey);
        Assert.Equal(4_096u, d.TlsClientMaxSendBuffer);
        Assert.Equal(8_192u, d.TlsServerMaxSendBuffer);
        Assert.Equal(250_000u, d.MaxWorkerQueueDelayUs);
        Assert.Equal(16u, d.MaxStatelessOperations);
        Assert.Equal(100, d.MaxBindingStatelessOperations);
        Assert.Equal(100, d.StatelessOperationExpirationMs);
        Assert.Equal(16, d.MaxOperationsPerDrain);
    }

    [Fact]
    public void Defaults_pass_their_own_validation_with_every_bit_set()
    {
        QuicSettings all = QuicSettings.Defaults;
        all.IsSetFlags = QuicSettingsFields.All;
        Assert.Equal(QuicStatus.Success, QuicSettingsRules.Validate(all));
    }

    [Fact]
    public void Defaults_is_a_copy_that_callers_cannot_change()
    {
        QuicSettings copy = QuicSettings.Defaults;
        copy.IdleTimeoutMs = 1;
        Assert.Equal(30_000UL, QuicSettings.Defaults.IdleTimeoutMs);
    }

    [Fact]
    public void Global_settings_mark_their_bits_and_refuse_unknown_load_balancing_modes()
    {
        QuicGlobalSettings defaults = QuicGlobalSettings.Defaults;
        Assert.Equal(65, defaults.RetryMemoryLimit);
        Assert.Equal(QuicLoadBalancingMode.Disabled, defaults.LoadBalancingMode);
        Assert.Equal(QuicGlobalSettingsFields.None, defaults.IsSetFlags);

        var update = new QuicGlobalSettings { FixedServerId = 0x01020304, LoadBalancingMode = QuicLoadBalancingMode.ServerIdFixed };
        Assert.Equal(QuicGlobalSettingsFields.FixedServerId | QuicGlobalSettingsFields.LoadBalancingMode, update.IsSetFlags);
        Assert.Equal(QuicStatus.Success, update.TryApplyTo(ref defaults));
        Assert.Equal(65, defaults.RetryMemoryLimit);
        Assert.Equal(0x01020304u, defaults.FixedServerId);
        Assert.Equal(QuicLoadBalancingMode.ServerIdFixed, defaults.LoadBalancingMode);

        var bad = new QuicGlobalSettings { LoadBalancingMode = (QuicLoadBalancingMode)3, RetryMemoryLimit = 1 };
        Assert.Equal(QuicStatus.InvalidParameter, bad.TryApplyTo(ref defaults));
        Assert.Equal(65, defaults.RetryMemoryLimit);
    }

    private static object SampleValue(Type type)
    {
        if (type == typeof(bool))
            return true;
        if (type.IsEnum)
            return Enum.ToObject(type, 1);
        return Convert.ChangeType(7, type);
    }
}
