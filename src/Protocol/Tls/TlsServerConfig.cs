using QuicKestrel.Protocol.Crypto;

namespace QuicKestrel.Protocol.Tls;

/// <summary>
/// A server's TLS settings, shared by many connections (built from an MsQuic Configuration and
/// its credential). Immutable once in use, except the key rings, which rotate.
/// </summary>
internal sealed class TlsServerConfig
{
    /// <summary>Certificates to choose from; the first one the client can verify is used unless <see cref="SelectCertificate"/> picks one.</summary>
    public IReadOnlyList<TlsCertificate> Certificates { get; init; } = [];

    /// <summary>Optional selection hook by SNI (null name when the client sent none); null result falls back to <see cref="Certificates"/>.</summary>
    public Func<string?, TlsCertificate?>? SelectCertificate { get; init; }

    /// <summary>ALPN protocols in server preference order. Required: QUIC has no default protocol.</summary>
    public IReadOnlyList<byte[]> Alpns { get; init; } = [];

    public AllowedCipherSuites AllowedCipherSuites { get; init; } = AllowedCipherSuites.All;

    /// <summary>Suites in server preference order; only those allowed are used.</summary>
    public IReadOnlyList<CipherSuite> CipherSuitePreference { get; init; } =
        [CipherSuite.Aes128GcmSha256, CipherSuite.Aes256GcmSha384, CipherSuite.ChaCha20Poly1305Sha256];

    /// <summary>Key-exchange groups in server preference order.</summary>
    public IReadOnlyList<NamedGroup> Groups { get; init; } = [NamedGroup.X25519, NamedGroup.Secp256r1, NamedGroup.Secp384r1];

    public ClientAuthMode ClientAuth { get; init; } = ClientAuthMode.None;

    /// <summary>How client certificates are validated (when <see cref="ClientAuth"/> is not None).</summary>
    public CertificateValidationOptions ClientCertificateValidation { get; init; } = new();

    /// <summary>Keys sealing session tickets; null disables resumption.</summary>
    public SealingKeyRing? TicketKeys { get; init; }

    /// <summary>Ticket lifetime; capped at seven days (RFC 8446 §4.6.1).</summary>
    public uint TicketLifetimeSeconds { get; init; } = 24 * 3600;

    /// <summary>Issue tickets that allow 0-RTT, and accept 0-RTT (MsQuic RESUME_AND_ZERORTT).</summary>
    public bool AllowEarlyData { get; init; }

    /// <summary>Single-use memory for 0-RTT tickets; shared by the connections of this configuration.</summary>
    public StrikeRegister StrikeRegister { get; init; } = new();

    /// <summary>How far the client's view of a ticket's age may differ from ours for 0-RTT (RFC 8446 §8.3).</summary>
    public long EarlyDataAgeToleranceMicros { get; init; } = 10_000_000;

    /// <summary>Keys sealing HelloRetryRequest cookies (so a server can rebuild its state from ClientHello2).</summary>
    public required SealingKeyRing CookieKeys { get; init; }

    /// <summary>Receives NSS key log lines (SSLKEYLOGFILE format); null when key logging is off.</summary>
    public Action<string>? KeyLog { get; init; }

    public uint EffectiveTicketLifetimeSeconds => (uint)Math.Min(TicketLifetimeSeconds, TlsConstants.MaxTicketLifetimeSeconds);

    public bool IsSuiteAllowed(CipherSuite suite) => (AllowedCipherSuites & TlsConstants.FlagOf(suite)) != 0;
}
