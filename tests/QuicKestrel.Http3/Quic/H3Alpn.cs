using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Http3.Quic;

/// <summary>The ALPN list with HTTP/3's protocol identifier "h3" (RFC 9114 §3.1).</summary>
internal static class H3Alpn
{
    public static readonly QuicBuffer[] List = [new QuicBuffer("h3"u8.ToArray())];
}
