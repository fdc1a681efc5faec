using System.Runtime.InteropServices;

namespace QuicKestrel.Protocol.Api;

/// <summary>
/// What the TLS handshake negotiated, read with <see cref="QuicParam.TlsHandshakeInfo"/>:
/// MsQuic's <c>QUIC_HANDSHAKE_INFO</c>, byte for byte (36 bytes). Strengths are key or hash
/// sizes in bits.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct QuicHandshakeInfo
{
    /// <summary>The TLS version: always <see cref="QuicTlsProtocolVersion.Tls13"/> once negotiated.</summary>
    public QuicTlsProtocolVersion TlsProtocolVersion { get; internal set; }

    /// <summary>The bulk cipher.</summary>
    public QuicCipherAlgorithm CipherAlgorithm { get; internal set; }

    /// <summary>The bulk cipher's key size in bits (128 or 256).</summary>
    public int CipherStrength { get; internal set; }

    /// <summary>The cipher suite's hash.</summary>
    public QuicHashAlgorithm Hash { get; internal set; }

    /// <summary>The hash's output size in bits.</summary>
    public int HashStrength { get; internal set; }

    /// <summary>Not reported (MsQuic defines no values); see <see cref="TlsGroup"/>.</summary>
    public QuicKeyExchangeAlgorithm KeyExchangeAlgorithm { get; internal set; }

    /// <summary>The key exchange's strength in bits, when known.</summary>
    public int KeyExchangeStrength { get; internal set; }

    /// <summary>The TLS 1.3 cipher suite.</summary>
    public QuicCipherSuite CipherSuite { get; internal set; }

    /// <summary>The key-exchange group (MsQuic 2.5 and later).</summary>
    public QuicTlsGroup TlsGroup { get; internal set; }
}
