namespace QuicKestrel.Protocol.Api;

/// <summary>
/// How server connection IDs encode routing information for a load balancer
/// (<see cref="QuicGlobalSettings.LoadBalancingMode"/>). MsQuic's <c>QUIC_LOAD_BALANCING_MODE</c>,
/// stored in 16 bits as in <c>QUIC_GLOBAL_SETTINGS</c>.
/// </summary>
public enum QuicLoadBalancingMode : ushort
{
    /// <summary>Connection IDs carry no routing information (<c>QUIC_LOAD_BALANCING_DISABLED</c>). The default.</summary>
    Disabled = 0,

    /// <summary>Connection IDs carry the server's IP address (<c>QUIC_LOAD_BALANCING_SERVER_ID_IP</c>).</summary>
    ServerIdIp = 1,

    /// <summary>Connection IDs carry <see cref="QuicGlobalSettings.FixedServerId"/> (<c>QUIC_LOAD_BALANCING_SERVER_ID_FIXED</c>).</summary>
    ServerIdFixed = 2,
}
