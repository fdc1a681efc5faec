namespace QuicKestrel.Protocol.Crypto;

/// <summary>
/// A header-protection key (RFC 9001 §5.4): turns a 16-byte sample of the packet's ciphertext
/// into the 5-byte mask. Created once per key; key updates keep it (RFC 9001 §6: the header
/// protection key is not updated), so the generations of one direction share one instance and
/// count their references to it.
/// </summary>
internal abstract class HeaderProtectionKey
{
    /// <summary>Bytes of mask a header needs: 1 for the first byte, up to 4 for the packet number.</summary>
    public const int MaskLength = 5;

    /// <summary>Length of the buffer <see cref="ComputeMask"/> writes into.</summary>
    public const int MaskBufferLength = 16;

    private int _references = 1;

    /// <summary>Writes the mask for <paramref name="sample"/> (16 bytes) into <paramref name="mask"/>[..16]; the first 5 bytes are used.</summary>
    public abstract void ComputeMask(ReadOnlySpan<byte> sample, Span<byte> mask);

    public static HeaderProtectionKey Create(CipherSuite suite, ReadOnlySpan<byte> key) =>
        suite == CipherSuite.ChaCha20Poly1305Sha256
            ? new ChaCha20HeaderProtectionKey(key)
            : new AesHeaderProtectionKey(key);

    /// <summary>Another owner (the next key generation) starts using this key.</summary>
    public void AddReference() => Interlocked.Increment(ref _references);

    /// <summary>An owner is done; the last one frees the key.</summary>
    public void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
            Free();
    }

    protected abstract void Free();
}

/// <summary>AES-based header protection: mask = AES-ECB(hp_key, sample) (RFC 9001 §5.4.3).</summary>
internal sealed class AesHeaderProtectionKey : HeaderProtectionKey
{
    private readonly AesBlockEncryptor _aes;

    public AesHeaderProtectionKey(ReadOnlySpan<byte> key, bool useAesInstructions = true) =>
        _aes = new AesBlockEncryptor(key, useAesInstructions);

    public bool UsesAesInstructions => _aes.UsesAesInstructions;

    public override void ComputeMask(ReadOnlySpan<byte> sample, Span<byte> mask) => _aes.EncryptBlock(sample, mask);

    protected override void Free() => _aes.Dispose();
}

/// <summary>
/// ChaCha20-based header protection (RFC 9001 §5.4.4): the first 4 sample bytes are the
/// little-endian block counter, the other 12 the nonce, and the mask is the keystream block
/// (ChaCha20 of five zero bytes).
/// </summary>
internal sealed class ChaCha20HeaderProtectionKey : HeaderProtectionKey
{
    private ChaCha20Key _key;

    public ChaCha20HeaderProtectionKey(ReadOnlySpan<byte> key) => _key = new ChaCha20Key(key);

    public override void ComputeMask(ReadOnlySpan<byte> sample, Span<byte> mask)
    {
        uint counter = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(sample);
        ChaCha20Block.Compute(_key, counter, sample.Slice(4, ChaCha20Block.NonceLength), mask[..MaskBufferLength]);
    }

    protected override void Free() => _key = default;
}
