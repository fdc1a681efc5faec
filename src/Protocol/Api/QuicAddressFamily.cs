namespace QuicKestrel.Protocol.Api;

/// <summary>
/// An address family as MsQuic passes it (<c>QUIC_ADDRESS_FAMILY</c>, Linux <c>sa_family_t</c>
/// values), for <c>ConnectionStart</c> and <see cref="QuicAddress"/>.
/// </summary>
public enum QuicAddressFamily : ushort
{
    /// <summary>
    /// No family given (<c>QUIC_ADDRESS_FAMILY_UNSPEC</c>, <c>AF_UNSPEC</c>): resolve to either;
    /// a listener bound to it accepts IPv4 and IPv6 (dual-stack).
    /// </summary>
    Unspec = 0,

    /// <summary>IPv4 (<c>QUIC_ADDRESS_FAMILY_INET</c>, <c>AF_INET</c>).</summary>
    Inet = 2,

    /// <summary>IPv6 (<c>QUIC_ADDRESS_FAMILY_INET6</c>, <c>AF_INET6</c> on Linux).</summary>
    Inet6 = 10,
}
