namespace QuicKestrel.Protocol.Api;

/// <summary>
/// The congestion controller of a connection (<see cref="QuicSettings.CongestionControlAlgorithm"/>).
/// MsQuic's <c>QUIC_CONGESTION_CONTROL_ALGORITHM</c>, stored in 16 bits as in <c>QUIC_SETTINGS</c>.
/// </summary>
public enum QuicCongestionControlAlgorithm : ushort
{
    /// <summary>CUBIC (RFC 9438) (<c>QUIC_CONGESTION_CONTROL_ALGORITHM_CUBIC</c>). The default.</summary>
    Cubic = 0,

    /// <summary>BBR (<c>QUIC_CONGESTION_CONTROL_ALGORITHM_BBR</c>, an MsQuic preview value).</summary>
    Bbr = 1,
}
