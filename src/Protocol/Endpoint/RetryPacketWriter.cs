using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Endpoint;

/// <summary>
/// Builds a server's Retry packet (RFC 9000 §17.2.5) in the client's version (v1 or v2, whose
/// type bits and integrity key differ, RFC 9369 §3.2, §3.3.3), with its integrity tag
/// (RFC 9001 §5.8).
/// </summary>
internal static class RetryPacketWriter
{
    /// <summary>
    /// Writes a Retry answering a client Initial: the Destination Connection ID echoes the
    /// client's Source Connection ID, the Source Connection ID is <paramref name="retrySourceConnectionId"/>
    /// (which the client's next Initial will carry as its Destination Connection ID), and the tag
    /// covers the client's original Destination Connection ID. False when the destination is too small.
    /// </summary>
    public static bool TryWrite(Span<byte> destination, uint version, ReadOnlySpan<byte> clientSourceConnectionId,
        ReadOnlySpan<byte> retrySourceConnectionId, ReadOnlySpan<byte> originalDestinationConnectionId,
        ReadOnlySpan<byte> token, RandomSource random, out int bytesWritten)
    {
        bytesWritten = 0;
        // RFC 9000 §17.2.5: the four low bits of the first byte are unused; send them random.
        Span<byte> unused = stackalloc byte[1];
        random.Fill(unused);
        if (!RetryPacket.TryWriteWithoutTag(destination, version, clientSourceConnectionId, retrySourceConnectionId,
                token, unused[0], out int tagOffset))
            return false;
        RetryIntegrity.ComputeTag(version, originalDestinationConnectionId, destination[..tagOffset],
            destination.Slice(tagOffset, RetryPacket.IntegrityTagLength));
        bytesWritten = tagOffset + RetryPacket.IntegrityTagLength;
        return true;
    }
}
