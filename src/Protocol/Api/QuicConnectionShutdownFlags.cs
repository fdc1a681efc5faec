namespace QuicKestrel.Protocol.Api;

/// <summary>Options for <c>ConnectionShutdown</c> and <c>RegistrationShutdown</c>. MsQuic's <c>QUIC_CONNECTION_SHUTDOWN_FLAGS</c>.</summary>
[Flags]
public enum QuicConnectionShutdownFlags
{
    /// <summary>Send CONNECTION_CLOSE to the peer and wait out the closing period (<c>QUIC_CONNECTION_SHUTDOWN_FLAG_NONE</c>).</summary>
    None = 0x0000,

    /// <summary>Close without telling the peer: no CONNECTION_CLOSE is sent (<c>QUIC_CONNECTION_SHUTDOWN_FLAG_SILENT</c>).</summary>
    Silent = 0x0001,
}
