using System.Net;

namespace QuicKestrel.Protocol.Api;

/// <summary>
/// What a server knows about a connecting client when NEW_CONNECTION is delivered: MsQuic's
/// <c>QUIC_NEW_CONNECTION_INFO</c>. The byte views point into the stack's buffers and are
/// valid only during the callback; copy what must be kept.
/// </summary>
public readonly struct QuicNewConnectionInfo
{
    /// <summary>The QUIC version the client uses, e.g. 0x00000001 for QUIC v1 (host byte order).</summary>
    public uint QuicVersion { get; internal init; }

    /// <summary>The local address the client's packets arrived on.</summary>
    public IPEndPoint LocalAddress { get; internal init; }

    /// <summary>The client's address.</summary>
    public IPEndPoint RemoteAddress { get; internal init; }

    /// <summary>The TLS bytes of the client's first flight (its ClientHello) (MsQuic's <c>CryptoBuffer</c>).</summary>
    public ReadOnlyMemory<byte> CryptoBuffer { get; internal init; }

    /// <summary>The ALPNs the client offered, in TLS wire form: each a length byte followed by the name.</summary>
    public ReadOnlyMemory<byte> ClientAlpnList { get; internal init; }

    /// <summary>The ALPN the listener chose from the client's list (the first of the listener's ALPNs the client offers).</summary>
    public ReadOnlyMemory<byte> NegotiatedAlpn { get; internal init; }

    /// <summary>The server name (SNI) the client asked for, or <see langword="null"/> when it sent none.</summary>
    public string? ServerName { get; internal init; }
}
