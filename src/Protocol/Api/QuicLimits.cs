namespace QuicKestrel.Protocol.Api;

/// <summary>MsQuic's size limits and constants from msquic.h, with its values.</summary>
public static class QuicLimits
{
    /// <summary>The largest value of a QUIC variable-length integer, 2^62 − 1: the bound of every error code (<c>QUIC_UINT62_MAX</c>).</summary>
    public const ulong Uint62Max = (1UL << 62) - 1;

    /// <summary>The longest ALPN, in bytes; an ALPN may not be empty (<c>QUIC_MAX_ALPN_LENGTH</c>).</summary>
    public const int MaxAlpnLength = 255;

    /// <summary>The longest server name, in bytes (<c>QUIC_MAX_SNI_LENGTH</c>).</summary>
    public const int MaxSniLength = 65535;

    /// <summary>The most application data a server may put in a resumption ticket (<c>QUIC_MAX_RESUMPTION_APP_DATA_LENGTH</c>).</summary>
    public const int MaxResumptionAppDataLength = 1000;

    /// <summary>The length of the key set with <see cref="QuicParam.GlobalStatelessResetKey"/> (<c>QUIC_STATELESS_RESET_KEY_LENGTH</c>).</summary>
    public const int StatelessResetKeyLength = 32;

    /// <summary>The most ticket keys <see cref="QuicParam.ConfigurationTicketKeys"/> accepts at once (<c>QUIC_MAX_TICKET_KEY_COUNT</c>).</summary>
    public const int MaxTicketKeyCount = 16;

    /// <summary>The room for each secret in <see cref="QuicTlsSecrets"/> (<c>QUIC_TLS_SECRETS_MAX_SECRET_LEN</c>).</summary>
    public const int TlsSecretsMaxSecretLength = 64;

    /// <summary>The version of MsQuic's API table this surface mirrors (<c>QUIC_API_VERSION_2</c>, as opened by <c>MsQuicOpen2</c>).</summary>
    public const uint ApiVersion2 = 2;
}
