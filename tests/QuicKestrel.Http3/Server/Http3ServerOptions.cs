using System.Net;
using System.Security.Cryptography.X509Certificates;
using QuicKestrel.Http3.Qpack;
using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Http3;

/// <summary>How an <see cref="Http3Server"/> listens and what it serves.</summary>
public sealed class Http3ServerOptions
{
    /// <summary>The UDP address to listen on; port 0 picks a free port (read it from <see cref="Http3Server.LocalEndPoint"/>).</summary>
    public IPEndPoint EndPoint { get; set; } = new(IPAddress.Loopback, 0);

    /// <summary>The server certificate with its private key; when neither this nor the PEM files are set, a self-signed one is created.</summary>
    public X509Certificate2? Certificate { get; set; }

    /// <summary>A PEM certificate file (with <see cref="PrivateKeyFile"/>), used when <see cref="Certificate"/> is null.</summary>
    public string? CertificateFile { get; set; }

    /// <summary>The PEM private key of <see cref="CertificateFile"/>.</summary>
    public string? PrivateKeyFile { get; set; }

    /// <summary>A directory served at <c>GET /{name}</c> (one path segment, no traversal).</summary>
    public string? ContentRoot { get; set; }

    /// <summary>Content for <c>GET /{name}</c>, consulted before <see cref="ContentRoot"/>; null for "not here".</summary>
    public Func<string, byte[]?>? ContentProvider { get; set; }

    /// <summary>How many request streams a client may have open at once (the MAX_STREAMS credit, re-granted as streams close).</summary>
    public ushort MaxConcurrentRequests { get; set; } = 100;

    /// <summary>Issue session tickets on CONNECTED and accept resumption with 0-RTT.</summary>
    public bool EnableResumption { get; set; }

    /// <summary>Restricts the TLS cipher suites; null for all.</summary>
    public QuicAllowedCipherSuiteFlags? AllowedCipherSuites { get; set; }

    /// <summary>Transport settings layered over the defaults (members set here win over the server's own choices).</summary>
    public QuicSettings TransportSettings { get; set; }

    /// <summary>Huffman-encode response header literals when shorter.</summary>
    public bool UseHuffman { get; set; }

    /// <summary>The largest request field section accepted, advertised as SETTINGS_MAX_FIELD_SECTION_SIZE.</summary>
    public int MaxFieldSectionSize { get; set; } = QpackDecoder.DefaultMaxFieldSectionSize;
}
