namespace QuicKestrel.Protocol.Api;

/// <summary>
/// TLS alerts (RFC 8446 §6) an application passes to <c>ConnectionCertificateValidationComplete</c>
/// when it rejects a certificate. MsQuic's <c>QUIC_TLS_ALERT_CODES</c>, with its values; any
/// other alert number (0–255) may be cast to this type. <see cref="QuicStatusExtensions.TlsAlert"/>
/// turns an alert into the matching <see cref="QuicStatus"/>.
/// </summary>
public enum QuicTlsAlertCode
{
    /// <summary>Not an alert: the value to pass when the certificate was accepted (<c>QUIC_TLS_ALERT_CODE_SUCCESS</c>).</summary>
    Success = 0xFFFF,

    /// <summary>unexpected_message (<c>QUIC_TLS_ALERT_CODE_UNEXPECTED_MESSAGE</c>).</summary>
    UnexpectedMessage = 10,

    /// <summary>bad_certificate (<c>QUIC_TLS_ALERT_CODE_BAD_CERTIFICATE</c>).</summary>
    BadCertificate = 42,

    /// <summary>unsupported_certificate (<c>QUIC_TLS_ALERT_CODE_UNSUPPORTED_CERTIFICATE</c>).</summary>
    UnsupportedCertificate = 43,

    /// <summary>certificate_revoked (<c>QUIC_TLS_ALERT_CODE_CERTIFICATE_REVOKED</c>).</summary>
    CertificateRevoked = 44,

    /// <summary>certificate_expired (<c>QUIC_TLS_ALERT_CODE_CERTIFICATE_EXPIRED</c>).</summary>
    CertificateExpired = 45,

    /// <summary>certificate_unknown (<c>QUIC_TLS_ALERT_CODE_CERTIFICATE_UNKNOWN</c>).</summary>
    CertificateUnknown = 46,

    /// <summary>illegal_parameter (<c>QUIC_TLS_ALERT_CODE_ILLEGAL_PARAMETER</c>).</summary>
    IllegalParameter = 47,

    /// <summary>unknown_ca (<c>QUIC_TLS_ALERT_CODE_UNKNOWN_CA</c>).</summary>
    UnknownCa = 48,

    /// <summary>access_denied (<c>QUIC_TLS_ALERT_CODE_ACCESS_DENIED</c>).</summary>
    AccessDenied = 49,

    /// <summary>insufficient_security (<c>QUIC_TLS_ALERT_CODE_INSUFFICIENT_SECURITY</c>).</summary>
    InsufficientSecurity = 71,

    /// <summary>internal_error (<c>QUIC_TLS_ALERT_CODE_INTERNAL_ERROR</c>).</summary>
    InternalError = 80,

    /// <summary>user_canceled (<c>QUIC_TLS_ALERT_CODE_USER_CANCELED</c>).</summary>
    UserCanceled = 90,

    /// <summary>certificate_required (<c>QUIC_TLS_ALERT_CODE_CERTIFICATE_REQUIRED</c>).</summary>
    CertificateRequired = 116,

    /// <summary>The largest alert number (<c>QUIC_TLS_ALERT_CODE_MAX</c>).</summary>
    Max = 255,
}
