using System.Security.Cryptography.X509Certificates;
using QuicKestrel.Protocol.Api;
using QuicKestrel.Http3.Qpack;

namespace QuicKestrel.Http3;

/// <summary>How an <see cref="Http3Client"/> connects.</summary>
public sealed class Http3ClientOptions
{
    /// <summary>The server's host name or IP literal: where to connect, and the TLS server name (sent as SNI unless an IP literal).</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>The server's UDP port.</summary>
    public int Port { get; set; }

    /// <summary>
    /// Roots to validate the server's certificate against (a custom test CA). When
    /// <see langword="null"/> (the default) the certificate is not validated at all
    /// (QUIC_CREDENTIAL_FLAG_NO_CERTIFICATE_VALIDATION), which suits self-signed test servers.
    /// </summary>
    public X509Certificate2Collection? TrustedRootCertificates { get; set; }

    /// <summary>Restricts the TLS cipher suites (e.g. <see cref="QuicAllowedCipherSuiteFlags.ChaCha20Poly1305Sha256"/>); <see langword="null"/> for all.</summary>
    public QuicAllowedCipherSuiteFlags? AllowedCipherSuites { get; set; }

    /// <summary>
    /// Transport settings layered over the defaults (only members set on the value apply). The
    /// client always lets the server open unidirectional streams (control, QPACK) unless
    /// <see cref="QuicSettings.PeerUnidiStreamCount"/> is set here.
    /// </summary>
    public QuicSettings TransportSettings { get; set; }

    /// <summary>A ticket from an earlier connection's <see cref="Http3Client.ResumptionTicket"/>, to resume the TLS session.</summary>
    public byte[]? ResumptionTicket { get; set; }

    /// <summary>With a <see cref="ResumptionTicket"/>: send requests made before the handshake completes as 0-RTT data.</summary>
    public bool AllowEarlyData { get; set; }

    /// <summary>Huffman-encode header literals when shorter (real browsers do); off by default.</summary>
    public bool UseHuffman { get; set; }

    /// <summary>The largest response field section accepted, advertised as SETTINGS_MAX_FIELD_SECTION_SIZE.</summary>
    public int MaxFieldSectionSize { get; set; } = QpackDecoder.DefaultMaxFieldSectionSize;

    /// <summary>The largest body buffered in <see cref="Http3ResponseMode.Buffered"/> mode; more fails the request (H3_EXCESSIVE_LOAD).</summary>
    public long MaxBufferedBodyLength { get; set; } = 1L << 30;

    /// <summary>How much content a streamed response may hold unread before receiving pauses (QUIC flow control then holds the sender).</summary>
    public int StreamedBodyBufferSize { get; set; } = 256 * 1024;

    /// <summary>The :authority sent when a request has none: "Host:Port".</summary>
    internal string DefaultAuthority => $"{Host}:{Port}";
}
