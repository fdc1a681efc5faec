namespace QuicKestrel.Protocol.Api;

/// <summary>
/// Options of a <see cref="QuicCredentialConfig"/>. MsQuic's <c>QUIC_CREDENTIAL_FLAGS</c>, with
/// its values. Flags that only MsQuic's Windows TLS (Schannel) implements are listed so code
/// ports unchanged; <c>ConfigurationLoadCredential</c> answers them with
/// <see cref="QuicStatus.NotSupported"/> where they would change behaviour.
/// </summary>
[Flags]
public enum QuicCredentialFlags
{
    /// <summary>A server credential (<c>QUIC_CREDENTIAL_FLAG_NONE</c>).</summary>
    None = 0x00000000,

    /// <summary>A client credential; without it the credential is a server's (<c>QUIC_CREDENTIAL_FLAG_CLIENT</c>).</summary>
    Client = 0x00000001,

    /// <summary>
    /// Load in the background: <c>ConfigurationLoadCredential</c> returns
    /// <see cref="QuicStatus.Pending"/> and <see cref="QuicCredentialConfig.AsyncHandler"/> reports
    /// the result (<c>QUIC_CREDENTIAL_FLAG_LOAD_ASYNCHRONOUS</c>).
    /// </summary>
    LoadAsynchronous = 0x00000002,

    /// <summary>Accept the peer's certificate without validating it; for tests only (<c>QUIC_CREDENTIAL_FLAG_NO_CERTIFICATE_VALIDATION</c>).</summary>
    NoCertificateValidation = 0x00000004,

    /// <summary>Schannel only in MsQuic: OCSP stapling (<c>QUIC_CREDENTIAL_FLAG_ENABLE_OCSP</c>). Not supported.</summary>
    EnableOcsp = 0x00000008,

    /// <summary>
    /// Deliver PEER_CERTIFICATE_RECEIVED so the application can inspect, accept or reject the
    /// peer's certificate (<c>QUIC_CREDENTIAL_FLAG_INDICATE_CERTIFICATE_RECEIVED</c>).
    /// </summary>
    IndicateCertificateReceived = 0x00000010,

    /// <summary>
    /// Validate, but let the application decide: failures are reported in
    /// PEER_CERTIFICATE_RECEIVED instead of failing the handshake. Requires
    /// <see cref="IndicateCertificateReceived"/> (<c>QUIC_CREDENTIAL_FLAG_DEFER_CERTIFICATE_VALIDATION</c>).
    /// </summary>
    DeferCertificateValidation = 0x00000020,

    /// <summary>A server asks for, and requires, a client certificate (<c>QUIC_CREDENTIAL_FLAG_REQUIRE_CLIENT_AUTHENTICATION</c>).</summary>
    RequireClientAuthentication = 0x00000040,

    /// <summary>
    /// Use the TLS library's own certificate validation (<c>QUIC_CREDENTIAL_FLAG_USE_TLS_BUILTIN_CERTIFICATE_VALIDATION</c>).
    /// QuicKestrel always validates with .NET's <see cref="System.Security.Cryptography.X509Certificates.X509Chain"/>, so this changes nothing.
    /// </summary>
    UseTlsBuiltinCertificateValidation = 0x00000080,

    /// <summary>Check the revocation of the peer's end certificate (<c>QUIC_CREDENTIAL_FLAG_REVOCATION_CHECK_END_CERT</c>).</summary>
    RevocationCheckEndCert = 0x00000100,

    /// <summary>Check the revocation of every certificate of the peer's chain (<c>QUIC_CREDENTIAL_FLAG_REVOCATION_CHECK_CHAIN</c>).</summary>
    RevocationCheckChain = 0x00000200,

    /// <summary>Check the revocation of the peer's chain except its root (<c>QUIC_CREDENTIAL_FLAG_REVOCATION_CHECK_CHAIN_EXCLUDE_ROOT</c>).</summary>
    RevocationCheckChainExcludeRoot = 0x00000400,

    /// <summary>Do not fail when no revocation check could be made (<c>QUIC_CREDENTIAL_FLAG_IGNORE_NO_REVOCATION_CHECK</c>).</summary>
    IgnoreNoRevocationCheck = 0x00000800,

    /// <summary>Do not fail when the revocation server is offline (<c>QUIC_CREDENTIAL_FLAG_IGNORE_REVOCATION_OFFLINE</c>).</summary>
    IgnoreRevocationOffline = 0x00001000,

    /// <summary>Restrict the TLS cipher suites to <see cref="QuicCredentialConfig.AllowedCipherSuites"/> (<c>QUIC_CREDENTIAL_FLAG_SET_ALLOWED_CIPHER_SUITES</c>).</summary>
    SetAllowedCipherSuites = 0x00002000,

    /// <summary>
    /// Deliver the peer certificate in a portable form (<c>QUIC_CREDENTIAL_FLAG_USE_PORTABLE_CERTIFICATES</c>).
    /// QuicKestrel always delivers <see cref="System.Security.Cryptography.X509Certificates.X509Certificate2"/> objects, so this changes nothing.
    /// </summary>
    UsePortableCertificates = 0x00004000,

    /// <summary>Schannel only in MsQuic (<c>QUIC_CREDENTIAL_FLAG_USE_SUPPLIED_CREDENTIALS</c>). Not supported.</summary>
    UseSuppliedCredentials = 0x00008000,

    /// <summary>Schannel only in MsQuic (<c>QUIC_CREDENTIAL_FLAG_USE_SYSTEM_MAPPER</c>). Not supported.</summary>
    UseSystemMapper = 0x00010000,

    /// <summary>Fetch revocation data from caches only, never from the network (<c>QUIC_CREDENTIAL_FLAG_CACHE_ONLY_URL_RETRIEVAL</c>).</summary>
    CacheOnlyUrlRetrieval = 0x00020000,

    /// <summary>Check revocation against cached data only (<c>QUIC_CREDENTIAL_FLAG_REVOCATION_CHECK_CACHE_ONLY</c>).</summary>
    RevocationCheckCacheOnly = 0x00040000,

    /// <summary>Schannel only in MsQuic (<c>QUIC_CREDENTIAL_FLAG_INPROC_PEER_CERTIFICATE</c>). Not supported.</summary>
    InprocPeerCertificate = 0x00080000,

    /// <summary>Trust the roots in <see cref="QuicCredentialConfig.CaCertificateFile"/> (<c>QUIC_CREDENTIAL_FLAG_SET_CA_CERTIFICATE_FILE</c>).</summary>
    SetCaCertificateFile = 0x00100000,

    /// <summary>Do not download missing intermediate certificates (Authority Information Access) (<c>QUIC_CREDENTIAL_FLAG_DISABLE_AIA</c>).</summary>
    DisableAia = 0x00200000,
}
