using System.Net.Security;
using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Transport.Internal;

/// <summary>
/// The QUIC configurations (ALPNs + settings + loaded credential) of one listener, one per
/// distinct certificate, ALPN list and client-certificate mode. Kestrel hands the same options
/// (or the same few certificates) to every handshake, so loading a credential happens once,
/// not per connection. Bounded: the least recently used entry is closed when the cache is full
/// (a connection already using it keeps it alive).
/// </summary>
internal sealed class ServerConfigurationCache : IDisposable
{
    private readonly QuicStackScope _stack;
    private readonly QuicSettings _settings;
    private readonly int _capacity;
    private readonly LinkedList<Entry> _entries = new(); // most recently used first
    private readonly Lock _gate = new();
    private bool _disposed;

    public ServerConfigurationCache(QuicStackScope stack, in QuicSettings settings, int capacity = 32)
    {
        _stack = stack;
        _settings = settings;
        _capacity = capacity;
    }

    public int Count
    {
        get
        {
            lock (_gate)
                return _entries.Count;
        }
    }

    /// <exception cref="IOException">The stack refused the configuration or the credential.</exception>
    public QuicHandle GetOrCreate(in ServerCredential credential, IReadOnlyList<SslApplicationProtocol> alpns, bool clientCertificateRequired)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            for (LinkedListNode<Entry>? node = _entries.First; node is not null; node = node.Next)
            {
                if (node.Value.Matches(credential.Identity, alpns, clientCertificateRequired))
                {
                    _entries.Remove(node);
                    _entries.AddFirst(node);
                    return node.Value.Configuration;
                }
            }
            QuicHandle configuration = Open(credential, alpns, clientCertificateRequired);
            _entries.AddFirst(new Entry(credential.Identity, alpns.ToArray(), clientCertificateRequired, configuration));
            if (_entries.Count > _capacity)
            {
                _stack.Api.ConfigurationClose(_entries.Last!.Value.Configuration);
                _entries.RemoveLast();
            }
            return configuration;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
                return;
            _disposed = true;
            foreach (Entry entry in _entries)
                _stack.Api.ConfigurationClose(entry.Configuration);
            _entries.Clear();
        }
    }

    private QuicHandle Open(in ServerCredential credential, IReadOnlyList<SslApplicationProtocol> alpns, bool clientCertificateRequired)
    {
        QuicBuffer[] alpnBuffers = AlpnList.ToBuffers(alpns);
        QuicStatus status = _stack.Api.ConfigurationOpen(_stack.Registration, alpnBuffers, _settings, null, out QuicHandle? configuration);
        if (status.Failed() || configuration is null)
            throw QuicTransportException.From(status, "ConfigurationOpen");
        status = _stack.Api.ConfigurationLoadCredential(configuration, CreateCredential(credential, clientCertificateRequired));
        if (status.Failed())
        {
            _stack.Api.ConfigurationClose(configuration);
            throw QuicTransportException.From(status, "ConfigurationLoadCredential");
        }
        return configuration;
    }

    internal static QuicCredentialConfig CreateCredential(in ServerCredential credential, bool clientCertificateRequired) => new()
    {
        Type = QuicCredentialType.CertificateContext,
        CertificateContext = credential.Certificate,
        IntermediateCertificates = credential.Intermediates,
        // With a client certificate requested, the decision is ours (Kestrel's validation
        // callback, a missing certificate allowed or not), so the stack reports and defers.
        Flags = clientCertificateRequired
            ? QuicCredentialFlags.RequireClientAuthentication | QuicCredentialFlags.IndicateCertificateReceived
              | QuicCredentialFlags.DeferCertificateValidation
            : QuicCredentialFlags.None,
    };

    private sealed record Entry(object Identity, SslApplicationProtocol[] Alpns, bool ClientCertificateRequired, QuicHandle Configuration)
    {
        public bool Matches(object identity, IReadOnlyList<SslApplicationProtocol> alpns, bool clientCertificateRequired) =>
            ReferenceEquals(identity, Identity)
            && clientCertificateRequired == ClientCertificateRequired
            && AlpnList.SequenceEqual(Alpns, alpns);
    }
}
