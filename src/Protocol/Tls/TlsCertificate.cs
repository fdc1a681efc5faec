using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace QuicKestrel.Protocol.Tls;

/// <summary>
/// A certificate we present (server certificate or client certificate): the leaf with its
/// private key (ECDSA P-256/P-384 or RSA) and the intermediates to send after it. Private-key
/// handles are pooled so concurrent handshakes on different workers sign without locking.
/// </summary>
internal sealed class TlsCertificate
{
    private readonly ConcurrentBag<AsymmetricAlgorithm> _keys = new();

    public TlsCertificate(X509Certificate2 certificate, IReadOnlyList<X509Certificate2>? chain = null)
    {
        if (!certificate.HasPrivateKey)
            throw new ArgumentException("The certificate must carry its private key.", nameof(certificate));
        Certificate = certificate;
        var encoded = new byte[1 + (chain?.Count ?? 0)][];
        encoded[0] = certificate.RawData;
        for (int i = 1; i < encoded.Length; i++)
            encoded[i] = chain![i - 1].RawData;
        EncodedChain = encoded;
        using var probe = RentKey();
        IsEcdsa = probe.Key is ECDsa;
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>DER of the leaf followed by the intermediates, as sent in the Certificate message.</summary>
    public byte[][] EncodedChain { get; }

    public bool IsEcdsa { get; }

    public KeyLease RentKey()
    {
        if (_keys.TryTake(out var key))
            return new KeyLease(this, key);
        AsymmetricAlgorithm created = (AsymmetricAlgorithm?)Certificate.GetECDsaPrivateKey()
            ?? Certificate.GetRSAPrivateKey()
            ?? throw new InvalidOperationException("Only ECDSA and RSA certificate keys can sign TLS 1.3 handshakes.");
        return new KeyLease(this, created);
    }

    /// <summary>A private key borrowed from the pool for one signature.</summary>
    internal readonly struct KeyLease(TlsCertificate owner, AsymmetricAlgorithm key) : IDisposable
    {
        public AsymmetricAlgorithm Key => key;

        public void Dispose() => owner._keys.Add(key);
    }
}
