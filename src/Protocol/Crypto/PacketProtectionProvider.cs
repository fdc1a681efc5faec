using System.Security.Cryptography;

namespace QuicKestrel.Protocol.Crypto;

/// <summary>
/// Makes <see cref="PacketProtection"/> objects from secrets. The connection holds one provider
/// (from its options) and asks it for Initial protection and for the protection of each
/// secret TLS hands over; tests and fuzzers pass <see cref="Null"/> to run the state machine
/// on plaintext packets.
/// </summary>
internal abstract class PacketProtectionProvider
{
    /// <summary>Real protection: AES-GCM / ChaCha20-Poly1305 with AES / ChaCha20 header protection.</summary>
    public static PacketProtectionProvider Aead { get; } = new AeadProvider();

    /// <summary><see cref="NullPacketProtection"/> for every key.</summary>
    public static PacketProtectionProvider Null { get; } = new NullProvider();

    /// <summary>Whether this platform can protect packets with <paramref name="suite"/> (TLS offers only those).</summary>
    public abstract bool IsSupported(CipherSuite suite);

    /// <summary>Protection for the traffic secret of one direction (its length is the suite's hash length).</summary>
    public abstract PacketProtection Create(CipherSuite suite, ReadOnlySpan<byte> secret, uint version);

    /// <summary>
    /// The Initial protection of an endpoint (RFC 9001 §5.2) from the Destination Connection ID of
    /// the client's first Initial packet: what this endpoint seals with and what it opens with.
    /// The caller has checked the version is supported.
    /// </summary>
    public void CreateInitial(uint version, ReadOnlySpan<byte> clientDestinationConnectionId, bool isServer,
        out PacketProtection send, out PacketProtection receive)
    {
        Span<byte> clientSecret = stackalloc byte[InitialSecrets.SecretLength];
        Span<byte> serverSecret = stackalloc byte[InitialSecrets.SecretLength];
        InitialSecrets.Derive(version, clientDestinationConnectionId, clientSecret, serverSecret);
        PacketProtection client = Create(InitialSecrets.Suite, clientSecret, version);
        PacketProtection server = Create(InitialSecrets.Suite, serverSecret, version);
        CryptographicOperations.ZeroMemory(clientSecret);
        CryptographicOperations.ZeroMemory(serverSecret);
        send = isServer ? server : client;
        receive = isServer ? client : server;
    }

    private sealed class AeadProvider : PacketProtectionProvider
    {
        public override bool IsSupported(CipherSuite suite) => suite switch
        {
            CipherSuite.Aes128GcmSha256 or CipherSuite.Aes256GcmSha384 => AesGcm.IsSupported,
            CipherSuite.ChaCha20Poly1305Sha256 => ChaCha20Poly1305.IsSupported,
            _ => false,
        };

        public override PacketProtection Create(CipherSuite suite, ReadOnlySpan<byte> secret, uint version) =>
            new AeadPacketProtection(suite, secret, version);
    }

    private sealed class NullProvider : PacketProtectionProvider
    {
        public override bool IsSupported(CipherSuite suite) => CipherSuiteInfo.IsKnown((ushort)suite);

        public override PacketProtection Create(CipherSuite suite, ReadOnlySpan<byte> secret, uint version) =>
            new NullPacketProtection();
    }
}
