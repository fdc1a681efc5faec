namespace QuicKestrel.Protocol.Api;

/// <summary>Properties of received stream data or a received datagram. MsQuic's <c>QUIC_RECEIVE_FLAGS</c>.</summary>
[Flags]
public enum QuicReceiveFlags
{
    /// <summary>No property (<c>QUIC_RECEIVE_FLAG_NONE</c>).</summary>
    None = 0x0000,

    /// <summary>The data arrived in 0-RTT packets, so it may be a replay (<c>QUIC_RECEIVE_FLAG_0_RTT</c>).</summary>
    ZeroRtt = 0x0001,

    /// <summary>The data ends the stream: the peer's FIN came with it (<c>QUIC_RECEIVE_FLAG_FIN</c>).</summary>
    Fin = 0x0002,
}
