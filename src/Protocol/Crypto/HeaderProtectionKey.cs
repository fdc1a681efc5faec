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
