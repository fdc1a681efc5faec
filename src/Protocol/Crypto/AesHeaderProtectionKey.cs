namespace QuicKestrel.Protocol.Crypto;

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
