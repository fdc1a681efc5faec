using System.Security.Cryptography;
using QuicKestrel.Protocol.Crypto;

namespace QuicKestrel.Protocol.Endpoint;

/// <summary>
/// The keys that protect address-validation tokens, each named by a 7-bit id carried in the
/// token's first byte. The newest key seals; every key still in the ring opens, so tokens
/// survive a rotation. Each 32-byte secret yields an encryption key and a MAC key (HKDF), so
/// servers sharing the secrets (a cluster behind one name) accept each other's tokens.
/// Reads are lock-free (an immutable snapshot); adding a key swaps the snapshot.
/// </summary>
internal sealed class AddressTokenKeyRing
{
    public const int SecretLength = 32;
    public const int MaxKeyId = 0x7f;
    public const int DefaultMaxKeys = 3;

    private static ReadOnlySpan<byte> Salt => "QuicKestrel address token"u8;
    private static ReadOnlySpan<byte> EncryptionLabel => "qk token enc"u8;
    private static ReadOnlySpan<byte> MacLabel => "qk token mac"u8;

    private readonly object _writeLock = new();
    private readonly int _maxKeys;
    private volatile Snapshot _snapshot = new([], null);

    public AddressTokenKeyRing(int maxKeys = DefaultMaxKeys) => _maxKeys = Math.Clamp(maxKeys, 1, MaxKeyId + 1);

    /// <summary>A ring with one random key: for single-process servers and tests.</summary>
    public static AddressTokenKeyRing CreateRandom(RandomSource random)
    {
        var ring = new AddressTokenKeyRing();
        Span<byte> secret = stackalloc byte[SecretLength];
        random.Fill(secret);
        ring.AddKey((byte)random.NextInt(MaxKeyId + 1), secret);
        CryptographicOperations.ZeroMemory(secret);
        return ring;
    }

    /// <summary>
    /// Adds a key that becomes the sealing key (replacing any key with the same id); the oldest
    /// keys beyond the ring size are dropped.
    /// </summary>
    public void AddKey(byte keyId, ReadOnlySpan<byte> secret)
    {
        if (keyId > MaxKeyId)
            throw new ArgumentOutOfRangeException(nameof(keyId), "Token key ids are 0..127.");
        if (secret.Length != SecretLength)
            throw new ArgumentException("A token key secret is 32 bytes.", nameof(secret));
        var key = Derive(keyId, secret);
        lock (_writeLock)
        {
            var keys = new List<AddressTokenKey>(_snapshot.Keys.Length + 1) { key };
            foreach (AddressTokenKey old in _snapshot.Keys)
            {
                if (old.Id != keyId && keys.Count < _maxKeys)
                    keys.Add(old);
            }
            _snapshot = new Snapshot(keys.ToArray(), key);
        }
    }

    /// <summary>The key that seals new tokens; null when the ring is empty.</summary>
    public AddressTokenKey? Current => _snapshot.Current;

    public bool TryGet(int keyId, out AddressTokenKey key)
    {
        foreach (AddressTokenKey candidate in _snapshot.Keys)
        {
            if (candidate.Id == keyId)
            {
                key = candidate;
                return true;
            }
        }
        key = null!;
        return false;
    }

    private static AddressTokenKey Derive(byte keyId, ReadOnlySpan<byte> secret)
    {
        Span<byte> prk = stackalloc byte[32];
        Span<byte> encryption = stackalloc byte[ChaCha20Block.KeyLength];
        byte[] mac = new byte[32];
        ReadOnlySpan<byte> context = [keyId];
        HkdfLabel.Extract(HashAlgorithmName.SHA256, secret, Salt, prk);
        HkdfLabel.Expand(HashAlgorithmName.SHA256, prk, EncryptionLabel, context, encryption);
        HkdfLabel.Expand(HashAlgorithmName.SHA256, prk, MacLabel, context, mac);
        var key = new AddressTokenKey(keyId, new ChaCha20Key(encryption), mac);
        CryptographicOperations.ZeroMemory(prk);
        CryptographicOperations.ZeroMemory(encryption);
        return key;
    }

    private sealed record Snapshot(AddressTokenKey[] Keys, AddressTokenKey? Current);
}

/// <summary>One token key: a ChaCha20 key for confidentiality and an HMAC-SHA256 key for integrity.</summary>
internal sealed class AddressTokenKey
{
    public AddressTokenKey(byte id, ChaCha20Key encryption, byte[] mac)
    {
        Id = id;
        Encryption = encryption;
        Mac = mac;
    }

    public byte Id { get; }

    public ChaCha20Key Encryption { get; }

    public byte[] Mac { get; }
}
