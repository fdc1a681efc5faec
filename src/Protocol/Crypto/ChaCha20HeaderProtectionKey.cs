using System.Buffers.Binary;

namespace QuicKestrel.Protocol.Crypto;

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
        uint counter = BinaryPrimitives.ReadUInt32LittleEndian(sample);
        ChaCha20Block.Compute(_key, counter, sample.Slice(4, ChaCha20Block.NonceLength), mask[..MaskBufferLength]);
    }

    protected override void Free() => _key = default;
}
