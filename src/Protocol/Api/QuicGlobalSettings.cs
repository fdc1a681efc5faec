using System.Runtime.InteropServices;

namespace QuicKestrel.Protocol.Api;

/// <summary>
/// Settings that exist only once per process: MsQuic's <c>QUIC_GLOBAL_SETTINGS</c>, byte for
/// byte (16 bytes), read and written with <see cref="QuicParam.GlobalGlobalSettings"/>. As with
/// <see cref="QuicSettings"/>, assigning a member sets its "is set" bit and only set members
/// are applied.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct QuicGlobalSettings
{
    private QuicGlobalSettingsFields _isSetFlags;
    private ushort _retryMemoryLimit;
    private QuicLoadBalancingMode _loadBalancingMode;
    private uint _fixedServerId;

    /// <summary>MsQuic's defaults: RetryMemoryLimit 65 (about 0.1 % of memory), LoadBalancingMode Disabled, FixedServerId 0; no "is set" bit.</summary>
    public static QuicGlobalSettings Defaults => new() { _retryMemoryLimit = 65 };

    /// <summary>Which members are set (MsQuic's <c>IsSetFlags</c>).</summary>
    public QuicGlobalSettingsFields IsSetFlags
    {
        readonly get => _isSetFlags;
        set => _isSetFlags = value;
    }

    /// <summary>True when every member named in <paramref name="fields"/> is set.</summary>
    /// <param name="fields">One member, or several ORed together.</param>
    /// <returns>Whether all of them are set.</returns>
    public readonly bool IsSet(QuicGlobalSettingsFields fields) => (_isSetFlags & fields) == fields;

    /// <summary>
    /// The share of memory, in 1/65535 units, that connections still in their handshake may use
    /// before a server answers new clients with Retry (RFC 9000 §8.1.2). Default 65.
    /// </summary>
    public ushort RetryMemoryLimit
    {
        readonly get => _retryMemoryLimit;
        set { _retryMemoryLimit = value; _isSetFlags |= QuicGlobalSettingsFields.RetryMemoryLimit; }
    }

    /// <summary>What server connection IDs encode for load balancers; set before any connection exists. Default <see cref="QuicLoadBalancingMode.Disabled"/>.</summary>
    public QuicLoadBalancingMode LoadBalancingMode
    {
        readonly get => _loadBalancingMode;
        set { _loadBalancingMode = value; _isSetFlags |= QuicGlobalSettingsFields.LoadBalancingMode; }
    }

    /// <summary>The server id placed in connection IDs with <see cref="QuicLoadBalancingMode.ServerIdFixed"/> (MsQuic's <c>FixedServerID</c>). Default 0.</summary>
    public uint FixedServerId
    {
        readonly get => _fixedServerId;
        set { _fixedServerId = value; _isSetFlags |= QuicGlobalSettingsFields.FixedServerId; }
    }

    /// <summary>Applies the set members over <paramref name="destination"/>; <see cref="QuicStatus.InvalidParameter"/> for an unknown load-balancing mode.</summary>
    internal readonly QuicStatus TryApplyTo(ref QuicGlobalSettings destination)
    {
        if (IsSet(QuicGlobalSettingsFields.LoadBalancingMode) && _loadBalancingMode > QuicLoadBalancingMode.ServerIdFixed)
            return QuicStatus.InvalidParameter;
        if (IsSet(QuicGlobalSettingsFields.RetryMemoryLimit)) destination.RetryMemoryLimit = _retryMemoryLimit;
        if (IsSet(QuicGlobalSettingsFields.LoadBalancingMode)) destination.LoadBalancingMode = _loadBalancingMode;
        if (IsSet(QuicGlobalSettingsFields.FixedServerId)) destination.FixedServerId = _fixedServerId;
        return QuicStatus.Success;
    }
}

/// <summary>One bit per <see cref="QuicGlobalSettings"/> member, in MsQuic's order (its <c>IsSetFlags</c>).</summary>
[Flags]
public enum QuicGlobalSettingsFields : ulong
{
    /// <summary>No member set.</summary>
    None = 0,

    /// <summary><see cref="QuicGlobalSettings.RetryMemoryLimit"/>.</summary>
    RetryMemoryLimit = 1UL << 0,

    /// <summary><see cref="QuicGlobalSettings.LoadBalancingMode"/>.</summary>
    LoadBalancingMode = 1UL << 1,

    /// <summary><see cref="QuicGlobalSettings.FixedServerId"/>.</summary>
    FixedServerId = 1UL << 2,
}
