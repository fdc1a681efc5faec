using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace QuicKestrel.Transport.Internal;

/// <summary>
/// Decides on a client certificate the way SslStream does for Kestrel: build the chain (client
/// authentication EKU, the options' revocation mode or chain policy), turn the result into
/// <see cref="SslPolicyErrors"/>, and let the options' RemoteCertificateValidationCallback
/// (Kestrel's ClientCertificateMode logic) have the last word. Without a callback only a valid
/// chain passes.
/// </summary>
internal sealed class ClientCertificatePolicy
{
    private static readonly Oid s_clientAuthentication = new("1.3.6.1.5.5.7.3.2", "Client Authentication");

    private readonly RemoteCertificateValidationCallback? _callback;
    private readonly X509RevocationMode _revocationMode;
    private readonly X509ChainPolicy? _chainPolicy;

    private ClientCertificatePolicy(SslServerAuthenticationOptions options)
    {
        _callback = options.RemoteCertificateValidationCallback;
        _revocationMode = options.CertificateRevocationCheckMode;
        _chainPolicy = options.CertificateChainPolicy;
    }

    /// <summary>The policy when the options request a client certificate, else <see langword="null"/>.</summary>
    public static ClientCertificatePolicy? From(SslServerAuthenticationOptions options) =>
        options.ClientCertificateRequired ? new ClientCertificatePolicy(options) : null;

    /// <summary>Whether to accept <paramref name="certificate"/> (null when the client sent none).</summary>
    public bool Accept(object sender, X509Certificate2? certificate, X509Certificate2Collection? extraCertificates, out string reason)
    {
        bool chainValid = false;
        using X509Chain? chain = certificate is null ? null : BuildChain(certificate, extraCertificates, out chainValid);
        SslPolicyErrors errors = certificate is null
            ? SslPolicyErrors.RemoteCertificateNotAvailable
            : chainValid ? SslPolicyErrors.None : SslPolicyErrors.RemoteCertificateChainErrors;
        bool accepted = _callback is null ? errors == SslPolicyErrors.None : _callback(sender, certificate, chain, errors);
        reason = accepted ? string.Empty : _callback is null ? errors.ToString() : $"the validation callback refused it ({errors})";
        return accepted;
    }

    private X509Chain BuildChain(X509Certificate2 certificate, X509Certificate2Collection? extraCertificates, out bool valid)
    {
        var chain = new X509Chain();
        if (_chainPolicy is not null)
        {
            chain.ChainPolicy = _chainPolicy.Clone();
        }
        else
        {
            chain.ChainPolicy.RevocationMode = _revocationMode;
            chain.ChainPolicy.RevocationFlag = X509RevocationFlag.ExcludeRoot;
            chain.ChainPolicy.ApplicationPolicy.Add(s_clientAuthentication);
        }
        if (extraCertificates is not null)
            chain.ChainPolicy.ExtraStore.AddRange(extraCertificates);
        valid = chain.Build(certificate);
        return chain;
    }
}
