namespace QuicKestrel.Protocol.Api;

/// <summary>
/// The result of every API call and callback: MsQuic's <c>QUIC_STATUS</c> with its Linux
/// values (errno numbers; TLS alerts and certificate errors above 200,000,000). Values ≤ 0
/// are successes (<see cref="QuicStatusExtensions.Succeeded"/>, MsQuic's
/// <c>QUIC_SUCCEEDED</c>), values &gt; 0 failures. Any TLS alert n is the status
/// 0xBEBC300 + n (<see cref="QuicStatusExtensions.TlsAlert"/>); the alerts MsQuic names have
/// members here.
/// </summary>
public enum QuicStatus
{
    /// <summary>The operation completed (<c>QUIC_STATUS_SUCCESS</c>).</summary>
    Success = 0,

    /// <summary>
    /// A success that asks for more: a receive callback consumed only part of the data and
    /// wants the rest delivered at once (<c>QUIC_STATUS_CONTINUE</c>).
    /// </summary>
    Continue = -1,

    /// <summary>
    /// A success that completes later: an asynchronous call was accepted, or a callback keeps
    /// the event's data and will finish with the matching completion call (<c>QUIC_STATUS_PENDING</c>).
    /// </summary>
    Pending = -2,

    /// <summary>The object is not in a state that allows the call (<c>QUIC_STATUS_INVALID_STATE</c>, EPERM).</summary>
    InvalidState = 1,

    /// <summary>Something looked up was not found (<c>QUIC_STATUS_NOT_FOUND</c>, ENOENT; also MsQuic's <c>QUIC_STATUS_FILE_NOT_FOUND</c>).</summary>
    NotFound = 2,

    /// <summary>An unexpected internal failure (<c>QUIC_STATUS_INTERNAL_ERROR</c>, EIO).</summary>
    InternalError = 5,

    /// <summary>Memory could not be allocated (<c>QUIC_STATUS_OUT_OF_MEMORY</c>, ENOMEM).</summary>
    OutOfMemory = 12,

    /// <summary>A handle or argument was null, of the wrong kind or out of range (<c>QUIC_STATUS_INVALID_PARAMETER</c>, EINVAL).</summary>
    InvalidParameter = 22,

    /// <summary>The connection closed because it was idle for longer than its idle timeout (<c>QUIC_STATUS_CONNECTION_IDLE</c>, ETIME).</summary>
    ConnectionIdle = 62,

    /// <summary>The peer broke the QUIC protocol (<c>QUIC_STATUS_PROTOCOL_ERROR</c>, EPROTO).</summary>
    ProtocolError = 71,

    /// <summary>
    /// The caller's buffer is too small; <c>GetParam</c> reports the length it needs
    /// (<c>QUIC_STATUS_BUFFER_TOO_SMALL</c>, EOVERFLOW).
    /// </summary>
    BufferTooSmall = 75,

    /// <summary>
    /// The peer's stream limit does not allow another stream now; only returned with
    /// <see cref="QuicStreamStartFlags.FailBlocked"/> (<c>QUIC_STATUS_STREAM_LIMIT_REACHED</c>, ESTRPIPE).
    /// </summary>
    StreamLimitReached = 86,

    /// <summary>Another listener of the process already serves this ALPN on this address (<c>QUIC_STATUS_ALPN_IN_USE</c>, EPROTOTYPE).</summary>
    AlpnInUse = 91,

    /// <summary>Client and server share no ALPN (<c>QUIC_STATUS_ALPN_NEG_FAILURE</c>, ENOPROTOOPT).</summary>
    AlpnNegFailure = 92,

    /// <summary>Client and server share no QUIC version (<c>QUIC_STATUS_VER_NEG_ERROR</c>, EPROTONOSUPPORT).</summary>
    VerNegError = 93,

    /// <summary>The call or option is not supported (<c>QUIC_STATUS_NOT_SUPPORTED</c>, EOPNOTSUPP).</summary>
    NotSupported = 95,

    /// <summary>The address is not usable, e.g. an unsupported family (<c>QUIC_STATUS_INVALID_ADDRESS</c>, EAFNOSUPPORT).</summary>
    InvalidAddress = 97,

    /// <summary>The local address is already bound (<c>QUIC_STATUS_ADDRESS_IN_USE</c>, EADDRINUSE).</summary>
    AddressInUse = 98,

    /// <summary>The local address does not exist on this host (<c>QUIC_STATUS_ADDRESS_NOT_AVAILABLE</c>, EADDRNOTAVAIL).</summary>
    AddressNotAvailable = 99,

    /// <summary>The handshake failed (<c>QUIC_STATUS_HANDSHAKE_FAILURE</c>, ECONNABORTED).</summary>
    HandshakeFailure = 103,

    /// <summary>The handshake did not complete before the handshake idle timeout (<c>QUIC_STATUS_CONNECTION_TIMEOUT</c>, ETIMEDOUT).</summary>
    ConnectionTimeout = 110,

    /// <summary>The server refused the connection (<c>QUIC_STATUS_CONNECTION_REFUSED</c>, ECONNREFUSED).</summary>
    ConnectionRefused = 111,

    /// <summary>The peer could not be reached (<c>QUIC_STATUS_UNREACHABLE</c>, EHOSTUNREACH).</summary>
    Unreachable = 113,

    /// <summary>The operation was aborted, e.g. by a shutdown (<c>QUIC_STATUS_ABORTED</c>, ECANCELED).</summary>
    Aborted = 125,

    /// <summary>A TLS failure without a more specific status (<c>QUIC_STATUS_TLS_ERROR</c>, ENOKEY).</summary>
    TlsError = 126,

    /// <summary>The application canceled the operation (<c>QUIC_STATUS_USER_CANCELED</c>, EOWNERDEAD).</summary>
    UserCanceled = 130,

    /// <summary>TLS alert close_notify (0) (<c>QUIC_STATUS_CLOSE_NOTIFY</c>, 0xBEBC300).</summary>
    CloseNotify = 0xBEBC300,

    /// <summary>TLS alert bad_certificate (42) (<c>QUIC_STATUS_BAD_CERTIFICATE</c>).</summary>
    BadCertificate = 0xBEBC32A,

    /// <summary>TLS alert unsupported_certificate (43) (<c>QUIC_STATUS_UNSUPPORTED_CERTIFICATE</c>).</summary>
    UnsupportedCertificate = 0xBEBC32B,

    /// <summary>TLS alert certificate_revoked (44) (<c>QUIC_STATUS_REVOKED_CERTIFICATE</c>).</summary>
    RevokedCertificate = 0xBEBC32C,

    /// <summary>TLS alert certificate_expired (45) (<c>QUIC_STATUS_EXPIRED_CERTIFICATE</c>).</summary>
    ExpiredCertificate = 0xBEBC32D,

    /// <summary>TLS alert certificate_unknown (46) (<c>QUIC_STATUS_UNKNOWN_CERTIFICATE</c>).</summary>
    UnknownCertificate = 0xBEBC32E,

    /// <summary>TLS alert certificate_required (116) (<c>QUIC_STATUS_REQUIRED_CERTIFICATE</c>).</summary>
    RequiredCertificate = 0xBEBC374,

    /// <summary>Local validation: the certificate has expired (<c>QUIC_STATUS_CERT_EXPIRED</c>).</summary>
    CertExpired = 0xBEBC401,

    /// <summary>Local validation: the chain ends in an untrusted root (<c>QUIC_STATUS_CERT_UNTRUSTED_ROOT</c>).</summary>
    CertUntrustedRoot = 0xBEBC402,

    /// <summary>Local validation: the peer sent no certificate (<c>QUIC_STATUS_CERT_NO_CERT</c>).</summary>
    CertNoCert = 0xBEBC403,
}
