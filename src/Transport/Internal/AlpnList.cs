using System.Net.Security;
using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Transport.Internal;

/// <summary>ALPN lists as the API takes them.</summary>
internal static class AlpnList
{
    public static QuicBuffer[] ToBuffers(IReadOnlyList<SslApplicationProtocol> protocols)
    {
        var buffers = new QuicBuffer[protocols.Count];
        for (int i = 0; i < buffers.Length; i++)
            buffers[i] = new QuicBuffer(protocols[i].Protocol.ToArray());
        return buffers;
    }

    public static bool SequenceEqual(IReadOnlyList<SslApplicationProtocol> left, IReadOnlyList<SslApplicationProtocol> right)
    {
        if (left.Count != right.Count)
            return false;
        for (int i = 0; i < left.Count; i++)
        {
            if (!left[i].Equals(right[i]))
                return false;
        }
        return true;
    }
}
