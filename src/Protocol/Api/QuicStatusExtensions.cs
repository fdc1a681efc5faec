namespace QuicKestrel.Protocol.Api;

/// <summary>
/// MsQuic's status macros for <see cref="QuicStatus"/>: <c>QUIC_SUCCEEDED</c>,
/// <c>QUIC_FAILED</c> and <c>QUIC_STATUS_TLS_ALERT</c>.
/// </summary>
public static class QuicStatusExtensions
{
    // MsQuic (Linux): ERROR_BASE 200,000,000; TLS alerts at +256, certificate errors at +512.
    private const int TlsErrorBase = 0xBEBC300;
    private const int CertErrorBase = 0xBEBC400;

    /// <param name="status">The status to inspect.</param>
    extension(QuicStatus status)
    {
        /// <summary>True for success statuses, including <see cref="QuicStatus.Pending"/> and <see cref="QuicStatus.Continue"/> (<c>QUIC_SUCCEEDED</c>: (int)status ≤ 0).</summary>
        public bool Succeeded() => (int)status <= 0;

        /// <summary>True for failure statuses (<c>QUIC_FAILED</c>: (int)status &gt; 0).</summary>
        public bool Failed() => (int)status > 0;

        /// <summary>
        /// True when the status carries a TLS alert (0xBEBC300 + alert), and which; a
        /// handshake that failed because of a received or sent alert ends with such a status.
        /// </summary>
        /// <param name="alert">The alert number (0–255), or <see cref="QuicTlsAlertCode.Success"/> when the status is no alert.</param>
        public bool TryGetTlsAlert(out QuicTlsAlertCode alert)
        {
            int offset = (int)status - TlsErrorBase;
            bool isAlert = offset is >= 0 and <= (int)QuicTlsAlertCode.Max;
            alert = isAlert ? (QuicTlsAlertCode)offset : QuicTlsAlertCode.Success;
            return isAlert;
        }

        /// <summary>True for the local certificate-validation failures (<see cref="QuicStatus.CertExpired"/>, <see cref="QuicStatus.CertUntrustedRoot"/>, <see cref="QuicStatus.CertNoCert"/>, and any other 0xBEBC400 + n).</summary>
        public bool IsCertificateError() => (int)status is > CertErrorBase and <= CertErrorBase + 0xFF;

        /// <summary>
        /// The status for TLS alert <paramref name="alert"/>: 0xBEBC300 + (alert &amp; 0xFF),
        /// MsQuic's <c>QUIC_STATUS_TLS_ALERT(Alert)</c>. <c>QuicStatus.TlsAlert(QuicTlsAlertCode.BadCertificate)</c>
        /// equals <see cref="QuicStatus.BadCertificate"/>.
        /// </summary>
        /// <param name="alert">The TLS alert; only its low 8 bits are used, as in MsQuic.</param>
        public static QuicStatus TlsAlert(QuicTlsAlertCode alert) => (QuicStatus)(TlsErrorBase + ((int)alert & 0xFF));
    }
}
