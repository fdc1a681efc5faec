using System.Security.Cryptography.X509Certificates;

namespace QuicKestrel.Protocol.Tls;

/// <summary>Where trust in the peer's certificate comes from.</summary>
internal enum CertificateTrustMode
{
    /// <summary>Chain to the system's trusted roots.</summary>
    SystemStore,

    /// <summary>Chain to <see cref="CertificateValidationOptions.TrustedRoots"/> only.</summary>
    CustomRoots,

    /// <summary>No validation at all (MsQuic NO_CERTIFICATE_VALIDATION).</summary>
    None,
}

/// <summary>Why a peer certificate failed validation (mapped later to MsQuic's certificate statuses).</summary>
internal enum CertificateError
{
    None,
    Expired,
    UntrustedRoot,
    NoCertificate,
    HostnameMismatch,
    Invalid,
}

/// <summary>How a session validates the peer's certificate.</summary>
internal sealed class CertificateValidationOptions
{
    public CertificateTrustMode TrustMode { get; init; } = CertificateTrustMode.SystemStore;

    public X509Certificate2Collection? TrustedRoots { get; init; }

    /// <summary>
    /// Pause after the peer's certificate is verified and let the application decide (MsQuic
    /// INDICATE_CERTIFICATE_RECEIVED / DEFER_CERTIFICATE_VALIDATION). The session reports the
    /// validation result it computed; <see cref="TlsSession.CompleteCertificateValidation"/> resumes.
    /// </summary>
    public bool DeferToApplication { get; init; }

    public static CertificateValidationOptions NoValidation { get; } = new() { TrustMode = CertificateTrustMode.None };
}

/// <summary>
/// Validates a peer chain with X509Chain (system or custom roots, validity at the caller's wall
/// clock) and, for servers, the name the client asked for (SAN DNS names with wildcards, SAN IP
/// addresses). Malformed certificates yield an error value, never an exception.
/// </summary>
internal static class CertificateValidator
{
    private const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

    public static CertificateError Validate(CertificateValidationOptions options, X509Certificate2 leaf,
        X509Certificate2Collection intermediates, string? expectedHost, bool peerIsServer, long unixTimeMicros)
    {
        if (options.TrustMode == CertificateTrustMode.None)
            return CertificateError.None;
        try
        {
            CertificateError chainError = ValidateChain(options, leaf, intermediates, peerIsServer, unixTimeMicros);
            if (chainError != CertificateError.None)
                return chainError;
            if (peerIsServer && !string.IsNullOrEmpty(expectedHost) && !leaf.MatchesHostname(expectedHost, allowWildcards: true, allowCommonName: false))
                return CertificateError.HostnameMismatch;
            return CertificateError.None;
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or ArgumentException or FormatException)
        {
            return CertificateError.Invalid;
        }
    }

    private static CertificateError ValidateChain(CertificateValidationOptions options, X509Certificate2 leaf,
        X509Certificate2Collection intermediates, bool peerIsServer, long unixTimeMicros)
    {
        using var chain = new X509Chain();
        X509ChainPolicy policy = chain.ChainPolicy;
        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.VerificationTime = DateTimeOffset.FromUnixTimeMilliseconds(unixTimeMicros / 1000).UtcDateTime;
        policy.VerificationTimeIgnored = false;
        policy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid(peerIsServer ? ServerAuthOid : ClientAuthOid));
        policy.ExtraStore.AddRange(intermediates);
        if (options.TrustMode == CertificateTrustMode.CustomRoots)
        {
            policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            if (options.TrustedRoots is not null)
                policy.CustomTrustStore.AddRange(options.TrustedRoots);
        }
        if (chain.Build(leaf))
            return CertificateError.None;
        return Classify(chain);
    }

    private static CertificateError Classify(X509Chain chain)
    {
        X509ChainStatusFlags all = X509ChainStatusFlags.NoError;
        foreach (X509ChainStatus status in chain.ChainStatus)
            all |= status.Status;
        if ((all & X509ChainStatusFlags.NotTimeValid) != 0)
            return CertificateError.Expired;
        if ((all & (X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain)) != 0)
            return CertificateError.UntrustedRoot;
        return CertificateError.Invalid;
    }

    /// <summary>The alert a validation error is reported with (RFC 8446 §6.2).</summary>
    public static TlsError ToAlert(CertificateError error) => error switch
    {
        CertificateError.None => TlsError.None,
        CertificateError.Expired => new TlsError(TlsAlert.CertificateExpired, "peer certificate has expired or is not yet valid"),
        CertificateError.UntrustedRoot => new TlsError(TlsAlert.UnknownCa, "peer certificate does not chain to a trusted root"),
        CertificateError.NoCertificate => new TlsError(TlsAlert.CertificateRequired, "peer sent no certificate"),
        CertificateError.HostnameMismatch => new TlsError(TlsAlert.BadCertificate, "peer certificate does not match the server name"),
        _ => new TlsError(TlsAlert.BadCertificate, "peer certificate is invalid"),
    };
}
