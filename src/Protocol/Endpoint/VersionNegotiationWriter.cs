using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Endpoint;

/// <summary>
/// Builds the Version Negotiation packet a server sends for a long-header packet of a version
/// it does not speak (RFC 9000 §6, §17.2.1): connection IDs swapped, our versions listed in
/// preference order plus one reserved version of the form 0x?a?a?a?a (RFC 9000 §15), drawn
/// afresh each time so clients keep tolerating unknown entries.
/// </summary>
internal static class VersionNegotiationWriter
{
    public const int MaxSupportedVersions = 8;

    public static bool TryWrite(Span<byte> destination, ReadOnlySpan<byte> clientDestinationConnectionId,
        ReadOnlySpan<byte> clientSourceConnectionId, ReadOnlySpan<uint> supportedVersions, RandomSource random,
        out int bytesWritten)
    {
        if (supportedVersions.Length > MaxSupportedVersions)
            throw new ArgumentException("Too many versions.", nameof(supportedVersions));
        Span<uint> versions = stackalloc uint[supportedVersions.Length + 1];
        supportedVersions.CopyTo(versions);
        Span<byte> randomBytes = stackalloc byte[5];
        random.Fill(randomBytes);
        versions[^1] = GreaseVersion(randomBytes);
        return VersionNegotiationPacket.TryWrite(destination, clientSourceConnectionId, clientDestinationConnectionId,
            versions, randomBytes[4], out bytesWritten);
    }

    /// <summary>A reserved version: each byte's low nibble is 0xa, the high nibbles random.</summary>
    public static uint GreaseVersion(ReadOnlySpan<byte> random) =>
        (uint)(((random[0] & 0xf0) | 0x0a) << 24 | ((random[1] & 0xf0) | 0x0a) << 16
            | ((random[2] & 0xf0) | 0x0a) << 8 | ((random[3] & 0xf0) | 0x0a));
}
