using System.Buffers;
using System.Security.Cryptography;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Crypto;

/// <summary>
/// The Retry Integrity Tag (RFC 9001 §5.8, RFC 9369 §3.3.3): AES-128-GCM with a fixed key and
/// nonce per version over the Retry pseudo-packet (ODCID length, ODCID, Retry packet without
/// its tag), with empty plaintext. The two fixed-key <see cref="AesGcm"/> objects are reused;
/// AesGcm is not thread-safe, so each thread has its own pair ([ThreadStatic], created on first
/// use): a server's workers compute tags in parallel without a lock.
/// </summary>
internal static class RetryIntegrity
{
    public const int TagLength = 16;

    /// <summary>Connection IDs in v1 and v2 are at most 20 bytes (RFC 9000 §17.2).</summary>
    private const int MaxConnectionIdLength = 20;

    /// <summary>Pseudo-packets up to this size are built on the stack; larger ones in a pooled buffer.</summary>
    private const int StackPseudoPacketLimit = 1536;

    private static ReadOnlySpan<byte> KeyV1 => [0xbe, 0x0c, 0x69, 0x0b, 0x9f, 0x66, 0x57, 0x5a, 0x1d, 0x76, 0x6b, 0x54, 0xe3, 0x68, 0xc8, 0x4e];
    private static ReadOnlySpan<byte> NonceV1 => [0x46, 0x15, 0x99, 0xd3, 0x5d, 0x63, 0x2b, 0xf2, 0x23, 0x98, 0x25, 0xbb];
    private static ReadOnlySpan<byte> KeyV2 => [0x8f, 0xb4, 0xb0, 0x1b, 0x56, 0xac, 0x48, 0xe2, 0x60, 0xfb, 0xcb, 0xce, 0xad, 0x7c, 0xcc, 0x92];
    private static ReadOnlySpan<byte> NonceV2 => [0xd8, 0x69, 0x69, 0xbc, 0x2d, 0x7c, 0x6d, 0x99, 0x90, 0xef, 0xb0, 0x4a];

    [ThreadStatic] private static AesGcm? t_v1;
    [ThreadStatic] private static AesGcm? t_v2;

    /// <summary>
    /// Writes the tag of a Retry packet the server is building: <paramref name="retryWithoutTag"/> is the
    /// packet up to the tag. Throws for an unsupported version or an over-long ODCID (caller bugs).
    /// </summary>
    public static void ComputeTag(uint version, ReadOnlySpan<byte> originalDestinationConnectionId,
        ReadOnlySpan<byte> retryWithoutTag, Span<byte> tag)
    {
        if (!QuicVersion.IsSupported(version))
            throw new ArgumentOutOfRangeException(nameof(version), "No Retry integrity key for this QUIC version.");
        if (originalDestinationConnectionId.Length > MaxConnectionIdLength)
            throw new ArgumentException("Connection IDs are at most 20 bytes.", nameof(originalDestinationConnectionId));
        Compute(version, originalDestinationConnectionId, retryWithoutTag, tag[..TagLength]);
    }

    /// <summary>
    /// Checks the tag at the end of a received Retry packet in constant time. False for a packet
    /// shorter than a tag, an unsupported version or an over-long ODCID; never throws.
    /// </summary>
    public static bool Verify(uint version, ReadOnlySpan<byte> originalDestinationConnectionId, ReadOnlySpan<byte> retryPacket)
    {
        if (!QuicVersion.IsSupported(version) || retryPacket.Length < TagLength
            || originalDestinationConnectionId.Length > MaxConnectionIdLength)
            return false;
        Span<byte> expected = stackalloc byte[TagLength];
        Compute(version, originalDestinationConnectionId, retryPacket[..^TagLength], expected);
        return CryptographicOperations.FixedTimeEquals(expected, retryPacket[^TagLength..]);
    }

    private static void Compute(uint version, ReadOnlySpan<byte> odcid, ReadOnlySpan<byte> retryWithoutTag, Span<byte> tag)
    {
        int length = 1 + odcid.Length + retryWithoutTag.Length;
        byte[]? rented = length > StackPseudoPacketLimit ? ArrayPool<byte>.Shared.Rent(length) : null;
        Span<byte> pseudo = rented is null ? stackalloc byte[StackPseudoPacketLimit] : rented;
        pseudo = pseudo[..length];
        pseudo[0] = (byte)odcid.Length;
        odcid.CopyTo(pseudo[1..]);
        retryWithoutTag.CopyTo(pseudo[(1 + odcid.Length)..]);

        bool v2 = version == QuicVersion.V2;
        AesGcm aead = v2 ? t_v2 ??= new AesGcm(KeyV2, TagLength) : t_v1 ??= new AesGcm(KeyV1, TagLength);
        aead.Encrypt(v2 ? NonceV2 : NonceV1, ReadOnlySpan<byte>.Empty, Span<byte>.Empty, tag, pseudo);

        if (rented is not null)
            ArrayPool<byte>.Shared.Return(rented);
    }
}
