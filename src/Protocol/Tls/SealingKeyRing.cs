using System.Security.Cryptography;
using QuicKestrel.Protocol.Crypto;

namespace QuicKestrel.Protocol.Tls;

/// <summary>
/// Rotating AES-256-GCM keys that seal server-side state into opaque blobs: session tickets and
/// HelloRetryRequest cookies. A blob is key id (16) || nonce (12) || ciphertext || tag (16);
/// the newest key seals, every key still in the ring opens (so tickets survive a rotation).
/// Shared by all connections of a configuration, hence the lock around the AEAD objects.
/// </summary>
internal sealed class SealingKeyRing : IDisposable
{
    public const int KeyIdLength = 16;
    public const int KeyLength = 32;
    public const int NonceLength = 12;
    public const int Overhead = KeyIdLength + NonceLength + CipherSuiteInfo.TagLength;

    private readonly object _lock = new();
    private readonly List<(byte[] Id, AesGcm Aead)> _keys = new();
    private readonly int _maxKeys;

    public SealingKeyRing(int maxKeys = 3) => _maxKeys = Math.Max(1, maxKeys);

    /// <summary>A ring with one random key (for tests and single-process servers).</summary>
    public static SealingKeyRing CreateRandom(RandomSource random)
    {
        var ring = new SealingKeyRing();
        Span<byte> id = stackalloc byte[KeyIdLength];
        Span<byte> key = stackalloc byte[KeyLength];
        random.Fill(id);
        random.Fill(key);
        ring.AddKey(id, key);
        key.Clear();
        return ring;
    }

    /// <summary>Adds a key that becomes the sealing key; the oldest key beyond the ring size is dropped.</summary>
    public void AddKey(ReadOnlySpan<byte> keyId, ReadOnlySpan<byte> key)
    {
        if (keyId.Length != KeyIdLength || key.Length != KeyLength)
            throw new ArgumentException("Key ids are 16 bytes and keys 32 bytes.");
        lock (_lock)
        {
            _keys.Insert(0, (keyId.ToArray(), new AesGcm(key, CipherSuiteInfo.TagLength)));
            while (_keys.Count > _maxKeys)
            {
                _keys[^1].Aead.Dispose();
                _keys.RemoveAt(_keys.Count - 1);
            }
        }
    }

    /// <summary>Seals <paramref name="plaintext"/>; <paramref name="purpose"/> is bound as associated data.</summary>
    public byte[] Seal(ReadOnlySpan<byte> plaintext, byte purpose, RandomSource random)
    {
        var blob = new byte[Overhead + plaintext.Length];
        Span<byte> nonce = blob.AsSpan(KeyIdLength, NonceLength);
        random.Fill(nonce);
        ReadOnlySpan<byte> aad = [purpose];
        lock (_lock)
        {
            if (_keys.Count == 0)
                throw new InvalidOperationException("The key ring is empty.");
            _keys[0].Id.CopyTo(blob, 0);
            _keys[0].Aead.Encrypt(nonce, plaintext, blob.AsSpan(KeyIdLength + NonceLength, plaintext.Length),
                blob.AsSpan(blob.Length - CipherSuiteInfo.TagLength), aad);
        }
        return blob;
    }

    /// <summary>Opens a blob sealed by a key still in the ring. False for unknown keys or forged data.</summary>
    public bool TryOpen(ReadOnlySpan<byte> blob, byte purpose, out byte[] plaintext)
    {
        plaintext = [];
        if (blob.Length < Overhead)
            return false;
        ReadOnlySpan<byte> aad = [purpose];
        var output = new byte[blob.Length - Overhead];
        lock (_lock)
        {
            foreach (var (id, aead) in _keys)
            {
                if (!blob[..KeyIdLength].SequenceEqual(id))
                    continue;
                try
                {
                    aead.Decrypt(blob.Slice(KeyIdLength, NonceLength), blob.Slice(KeyIdLength + NonceLength, output.Length),
                        blob[^CipherSuiteInfo.TagLength..], output, aad);
                    plaintext = output;
                    return true;
                }
                catch (CryptographicException)
                {
                    return false;
                }
            }
        }
        return false;
    }

    /// <summary>The per-blob nonce, unique per sealed blob (used as the ticket's identity for anti-replay).</summary>
    public static UInt128 BlobId(ReadOnlySpan<byte> blob)
    {
        Span<byte> id = stackalloc byte[16];
        id.Clear();
        blob.Slice(KeyIdLength, NonceLength).CopyTo(id);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt128LittleEndian(id);
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var (_, aead) in _keys)
                aead.Dispose();
            _keys.Clear();
        }
    }
}
