using QuicKestrel.Protocol.Crypto;

namespace QuicKestrel.Protocol.Tls;

/// <summary>A client's TLS settings (built from an MsQuic Configuration with CLIENT credentials).</summary>
internal sealed class TlsClientConfig
{
    /// <summary>ALPN protocols to offer, in preference order. Required.</summary>
    public IReadOnlyList<byte[]> Alpns { get; init; } = [];

    public AllowedCipherSuites AllowedCipherSuites { get; init; } = AllowedCipherSuites.All;

    /// <summary>Suites in client preference order; only those allowed are offered.</summary>
    public IReadOnlyList<CipherSuite> CipherSuitePreference { get; init; } =
        [CipherSuite.Aes128GcmSha256, CipherSuite.Aes256GcmSha384, CipherSuite.ChaCha20Poly1305Sha256];

    /// <summary>Groups offered in supported_groups, in preference order.</summary>
    public IReadOnlyList<NamedGroup> Groups { get; init; } = [NamedGroup.X25519, NamedGroup.Secp256r1, NamedGroup.Secp384r1];

    /// <summary>How many of <see cref="Groups"/> (from the front) get a key share in the first ClientHello.</summary>
    public int KeyShareCount { get; init; } = 1;

    public CertificateValidationOptions Validation { get; init; } = new();

    /// <summary>Sent when the server asks for a client certificate; null sends an empty Certificate.</summary>
    public TlsCertificate? ClientCertificate { get; init; }

    /// <summary>Send 0-RTT when the resumption ticket allows it.</summary>
    public bool EnableEarlyData { get; init; } = true;

    /// <summary>Receives NSS key log lines (SSLKEYLOGFILE format); null when key logging is off.</summary>
    public Action<string>? KeyLog { get; init; }

    public bool IsSuiteAllowed(CipherSuite suite) => (AllowedCipherSuites & TlsConstants.FlagOf(suite)) != 0;
}
