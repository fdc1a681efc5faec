using System.Security.Cryptography;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Crypto;

/// <summary>
/// Initial secrets (RFC 9001 §5.2, RFC 9369 §3.3.1): HKDF-Extract over the client's first
/// Destination Connection ID with a per-version salt, then "client in" / "server in".
/// Initial packets always use AEAD_AES_128_GCM with SHA-256.
/// </summary>
internal static class InitialSecrets
{
    /// <summary>Length of each Initial secret (SHA-256 output).</summary>
    public const int SecretLength = 32;

    /// <summary>The cipher suite Initial packets are protected with.</summary>
    public const CipherSuite Suite = CipherSuite.Aes128GcmSha256;

    private static ReadOnlySpan<byte> SaltV1 =>
    [
        0x38, 0x76, 0x2c, 0xf7, 0xf5, 0x59, 0x34, 0xb3, 0x4d, 0x17,
        0x9a, 0xe6, 0xa4, 0xc8, 0x0c, 0xad, 0xcc, 0xbb, 0x7f, 0x0a,
    ];

    private static ReadOnlySpan<byte> SaltV2 =>
    [
        0x0d, 0xed, 0xe3, 0xde, 0xf7, 0x00, 0xa6, 0xdb, 0x81, 0x93,
        0x81, 0xbe, 0x6e, 0x26, 0x9d, 0xcb, 0xf9, 0xbd, 0x2e, 0xd9,
    ];

    /// <summary>The Initial salt of <paramref name="version"/>; throws for versions this stack does not speak.</summary>
    public static ReadOnlySpan<byte> Salt(uint version) => version switch
    {
        QuicVersion.V1 => SaltV1,
        QuicVersion.V2 => SaltV2,
        _ => throw new ArgumentOutOfRangeException(nameof(version), "No Initial salt for this QUIC version."),
    };

    /// <summary>
    /// Derives both Initial secrets from the Destination Connection ID of the client's first
    /// Initial packet. The caller checks <see cref="QuicVersion.IsSupported"/> first.
    /// </summary>
    public static void Derive(uint version, ReadOnlySpan<byte> clientDestinationConnectionId,
        Span<byte> clientSecret, Span<byte> serverSecret)
    {
        Span<byte> initialSecret = stackalloc byte[SecretLength];
        HkdfLabel.Extract(HashAlgorithmName.SHA256, clientDestinationConnectionId, Salt(version), initialSecret);
        HkdfLabel.Expand(HashAlgorithmName.SHA256, initialSecret, PacketProtectionLabels.ClientInitial, default, clientSecret[..SecretLength]);
        HkdfLabel.Expand(HashAlgorithmName.SHA256, initialSecret, PacketProtectionLabels.ServerInitial, default, serverSecret[..SecretLength]);
        CryptographicOperations.ZeroMemory(initialSecret);
    }
}
