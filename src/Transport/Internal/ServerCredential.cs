using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace QuicKestrel.Transport.Internal;

/// <summary>
/// The server certificate chosen for one handshake from Kestrel's
/// <see cref="SslServerAuthenticationOptions"/>, with the object that identifies it for caching
/// (the certificate context, or the certificate itself).
/// </summary>
internal readonly record struct ServerCredential(object Identity, X509Certificate2 Certificate, X509Certificate2Collection? Intermediates)
{
    /// <summary>
    /// Picks the certificate as SslStream does: a certificate context first, then a fixed
    /// certificate, then the selection callback, asked with the client's SNI.
    /// </summary>
    /// <exception cref="InvalidOperationException">No certificate is configured, or it has no private key.</exception>
    public static ServerCredential Resolve(SslServerAuthenticationOptions options, object sender, string? serverName)
    {
        if (options.ServerCertificateContext is { } context)
            return Create(context, context.TargetCertificate, ToCollection(context.IntermediateCertificates));
        if (options.ServerCertificate is { } certificate)
            return Create(certificate, AsCertificate2(certificate), null);
        if (options.ServerCertificateSelectionCallback is { } select)
        {
            X509Certificate selected = select(sender, serverName)
                ?? throw new InvalidOperationException($"The server certificate selection callback returned no certificate for '{serverName}'.");
            return Create(selected, AsCertificate2(selected), null);
        }
        throw new InvalidOperationException(
            "The HTTPS options give no server certificate (ServerCertificate, ServerCertificateContext or ServerCertificateSelectionCallback).");
    }

    private static ServerCredential Create(object identity, X509Certificate2 certificate, X509Certificate2Collection? intermediates)
    {
        if (!certificate.HasPrivateKey)
            throw new InvalidOperationException($"The server certificate '{certificate.Subject}' has no private key.");
        return new ServerCredential(identity, certificate, intermediates);
    }

    private static X509Certificate2 AsCertificate2(X509Certificate certificate) =>
        certificate as X509Certificate2 ?? new X509Certificate2(certificate);

    private static X509Certificate2Collection? ToCollection(IReadOnlyCollection<X509Certificate2> certificates)
    {
        if (certificates.Count == 0)
            return null;
        var collection = new X509Certificate2Collection();
        foreach (X509Certificate2 certificate in certificates)
            collection.Add(certificate);
        return collection;
    }
}
