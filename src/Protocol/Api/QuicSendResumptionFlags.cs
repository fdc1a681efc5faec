namespace QuicKestrel.Protocol.Api;

/// <summary>Options for <c>ConnectionSendResumptionTicket</c>. MsQuic's <c>QUIC_SEND_RESUMPTION_FLAGS</c>.</summary>
[Flags]
public enum QuicSendResumptionFlags
{
    /// <summary>More tickets may follow (<c>QUIC_SEND_RESUMPTION_FLAG_NONE</c>).</summary>
    None = 0x0000,

    /// <summary>This is the last ticket for the connection: its TLS resumption state can be freed (<c>QUIC_SEND_RESUMPTION_FLAG_FINAL</c>).</summary>
    Final = 0x0001,
}
