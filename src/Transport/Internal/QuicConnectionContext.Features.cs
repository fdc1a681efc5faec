using System.Buffers;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Transport.Internal;

/// <summary>
/// The connection's features. Kestrel's HTTP/3 requires <see cref="IProtocolErrorCodeFeature"/>
/// (its value becomes the CONNECTION_CLOSE code) and <see cref="ITlsConnectionFeature"/>
/// (without it an https :scheme is refused); the collection stays writable because Kestrel
/// adds its heartbeat, lifetime-notification and metrics features to it.
/// </summary>
internal sealed partial class QuicConnectionContext :
    IProtocolErrorCodeFeature,
    ITlsConnectionFeature,
    ITlsHandshakeFeature,
    ITlsApplicationProtocolFeature,
    IConnectionIdFeature,
    IConnectionItemsFeature,
    IConnectionEndPointFeature,
    IConnectionLifetimeFeature,
    IMemoryPoolFeature
{
    private long? _error;
    private QuicHandshakeInfo _handshakeInfo;
    private bool _peerCertificateChecked;

    /// <summary>The application error code for CONNECTION_CLOSE; −1 until set. Set from the peer's code when the peer closes.</summary>
    public long Error
    {
        get
        {
            lock (_gate)
                return _error ?? -1;
        }
        set
        {
            QuicErrorCode.Validate(value);
            lock (_gate)
                _error = value;
        }
    }

    public X509Certificate2? ClientCertificate { get; set; }

    public Task<X509Certificate2?> GetClientCertificateAsync(CancellationToken cancellationToken) => Task.FromResult(ClientCertificate);

    public SslProtocols Protocol => SslProtocols.Tls13;

    public TlsCipherSuite? NegotiatedCipherSuite =>
        _handshakeInfo.TlsProtocolVersion == QuicTlsProtocolVersion.Unknown ? null : (TlsCipherSuite)(int)_handshakeInfo.CipherSuite;

    public string HostName { get; }

#pragma warning disable SYSLIB0058 // Kestrel's feature still exposes the legacy algorithm members; the values match SslStream's.
    public CipherAlgorithmType CipherAlgorithm => (CipherAlgorithmType)(int)_handshakeInfo.CipherAlgorithm;

    public int CipherStrength => _handshakeInfo.CipherStrength;

    public HashAlgorithmType HashAlgorithm => (HashAlgorithmType)(int)_handshakeInfo.Hash;

    public int HashStrength => _handshakeInfo.HashStrength;

    public ExchangeAlgorithmType KeyExchangeAlgorithm => (ExchangeAlgorithmType)(int)_handshakeInfo.KeyExchangeAlgorithm;

    public int KeyExchangeStrength => _handshakeInfo.KeyExchangeStrength;
#pragma warning restore SYSLIB0058

    public ReadOnlyMemory<byte> ApplicationProtocol { get; private set; }

    public MemoryPool<byte> MemoryPool => _context.Stack.MemoryPool;

    private FeatureCollection CreateFeatures()
    {
        var features = new FeatureCollection();
        features.Set<IProtocolErrorCodeFeature>(this);
        features.Set<ITlsConnectionFeature>(this);
        features.Set<ITlsHandshakeFeature>(this);
        features.Set<ITlsApplicationProtocolFeature>(this);
        features.Set<IConnectionIdFeature>(this);
        features.Set<IConnectionItemsFeature>(this);
        features.Set<IConnectionEndPointFeature>(this);
        features.Set<IConnectionLifetimeFeature>(this);
        features.Set<IMemoryPoolFeature>(this);
        return features;
    }
}
