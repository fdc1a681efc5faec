using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace QuicKestrel.Protocol.Crypto;

/// <summary>
/// A ChaCha20 key as the eight little-endian words the block function uses, parsed once per
/// key so that each block costs no parsing.
/// </summary>
internal readonly struct ChaCha20Key
{
    public readonly uint K0, K1, K2, K3, K4, K5, K6, K7;

    public ChaCha20Key(ReadOnlySpan<byte> key)
    {
        if (key.Length != ChaCha20Block.KeyLength)
            throw new ArgumentException("A ChaCha20 key is 32 bytes.", nameof(key));
        K0 = BinaryPrimitives.ReadUInt32LittleEndian(key);
        K1 = BinaryPrimitives.ReadUInt32LittleEndian(key[4..]);
        K2 = BinaryPrimitives.ReadUInt32LittleEndian(key[8..]);
        K3 = BinaryPrimitives.ReadUInt32LittleEndian(key[12..]);
        K4 = BinaryPrimitives.ReadUInt32LittleEndian(key[16..]);
        K5 = BinaryPrimitives.ReadUInt32LittleEndian(key[20..]);
        K6 = BinaryPrimitives.ReadUInt32LittleEndian(key[24..]);
        K7 = BinaryPrimitives.ReadUInt32LittleEndian(key[28..]);
    }
}

/// <summary>
/// The ChaCha20 block function of RFC 8439 §2.3 with a caller-chosen 32-bit block counter and
/// 96-bit nonce. QUIC's ChaCha20 header protection (RFC 9001 §5.4.4) needs exactly one block
/// per packet with the counter taken from the sample; .NET offers no raw ChaCha20, and
/// BouncyCastle's engine cannot start at an arbitrary counter without allocating, so the block
/// function lives here: no allocation, no tables, constant time.
/// </summary>
internal static class ChaCha20Block
{
    public const int KeyLength = 32;
    public const int NonceLength = 12;
    public const int BlockLength = 64;

    // "expand 32-byte k" as four little-endian words (RFC 8439 §2.3).
    private const uint C0 = 0x61707865, C1 = 0x3320646e, C2 = 0x79622d32, C3 = 0x6b206574;

    /// <summary>Writes the first <c>min(output.Length, 64)</c> bytes of the keystream block.</summary>
    public static void Compute(ReadOnlySpan<byte> key, uint counter, ReadOnlySpan<byte> nonce, Span<byte> output) =>
        Compute(new ChaCha20Key(key), counter, nonce, output);

    /// <summary>Writes the first <c>min(output.Length, 64)</c> bytes of the keystream block.</summary>
    public static void Compute(in ChaCha20Key key, uint counter, ReadOnlySpan<byte> nonce, Span<byte> output)
    {
        if (nonce.Length != NonceLength)
            throw new ArgumentException("A ChaCha20 nonce is 12 bytes.", nameof(nonce));
        Span<byte> block = output.Length >= BlockLength ? output : stackalloc byte[BlockLength];
        if (Vector128.IsHardwareAccelerated && BitConverter.IsLittleEndian)
            ComputeVectorized(key, counter, nonce, block);
        else
            ComputeScalar(key, counter, nonce, block);
        if (output.Length < BlockLength)
            block[..output.Length].CopyTo(output);
    }

    /// <summary>
    /// The state's four rows as four vectors: a column round is one quarter round on the rows;
    /// rotating rows 1-3 by 1, 2, 3 lanes lines the diagonals up for the diagonal round.
    /// </summary>
    internal static void ComputeVectorized(in ChaCha20Key key, uint counter, ReadOnlySpan<byte> nonce, Span<byte> block)
    {
        Vector128<uint> a0 = Vector128.Create(C0, C1, C2, C3);
        Vector128<uint> b0 = Vector128.Create(key.K0, key.K1, key.K2, key.K3);
        Vector128<uint> c0 = Vector128.Create(key.K4, key.K5, key.K6, key.K7);
        Vector128<uint> d0 = Vector128.Create(counter,
            BinaryPrimitives.ReadUInt32LittleEndian(nonce),
            BinaryPrimitives.ReadUInt32LittleEndian(nonce[4..]),
            BinaryPrimitives.ReadUInt32LittleEndian(nonce[8..]));
        Vector128<uint> a = a0, b = b0, c = c0, d = d0;
        for (int i = 0; i < 10; i++)
        {
            QuarterRound(ref a, ref b, ref c, ref d);
            b = Vector128.Shuffle(b, Vector128.Create(1u, 2, 3, 0));
            c = Vector128.Shuffle(c, Vector128.Create(2u, 3, 0, 1));
            d = Vector128.Shuffle(d, Vector128.Create(3u, 0, 1, 2));
            QuarterRound(ref a, ref b, ref c, ref d);
            b = Vector128.Shuffle(b, Vector128.Create(3u, 0, 1, 2));
            c = Vector128.Shuffle(c, Vector128.Create(2u, 3, 0, 1));
            d = Vector128.Shuffle(d, Vector128.Create(1u, 2, 3, 0));
        }
        ref byte destination = ref MemoryMarshal.GetReference(block);
        (a + a0).AsByte().StoreUnsafe(ref destination);
        (b + b0).AsByte().StoreUnsafe(ref destination, 16);
        (c + c0).AsByte().StoreUnsafe(ref destination, 32);
        (d + d0).AsByte().StoreUnsafe(ref destination, 48);
    }

    internal static void ComputeScalar(in ChaCha20Key key, uint counter, ReadOnlySpan<byte> nonce, Span<byte> block)
    {
        uint n0 = BinaryPrimitives.ReadUInt32LittleEndian(nonce);
        uint n1 = BinaryPrimitives.ReadUInt32LittleEndian(nonce[4..]);
        uint n2 = BinaryPrimitives.ReadUInt32LittleEndian(nonce[8..]);

        uint x0 = C0, x1 = C1, x2 = C2, x3 = C3;
        uint x4 = key.K0, x5 = key.K1, x6 = key.K2, x7 = key.K3;
        uint x8 = key.K4, x9 = key.K5, x10 = key.K6, x11 = key.K7;
        uint x12 = counter, x13 = n0, x14 = n1, x15 = n2;

        // 20 rounds = 10 double rounds: a column round then a diagonal round (RFC 8439 §2.3).
        for (int i = 0; i < 10; i++)
        {
            QuarterRound(ref x0, ref x4, ref x8, ref x12);
            QuarterRound(ref x1, ref x5, ref x9, ref x13);
            QuarterRound(ref x2, ref x6, ref x10, ref x14);
            QuarterRound(ref x3, ref x7, ref x11, ref x15);
            QuarterRound(ref x0, ref x5, ref x10, ref x15);
            QuarterRound(ref x1, ref x6, ref x11, ref x12);
            QuarterRound(ref x2, ref x7, ref x8, ref x13);
            QuarterRound(ref x3, ref x4, ref x9, ref x14);
        }

        Write(block, 0, x0 + C0);
        Write(block, 1, x1 + C1);
        Write(block, 2, x2 + C2);
        Write(block, 3, x3 + C3);
        Write(block, 4, x4 + key.K0);
        Write(block, 5, x5 + key.K1);
        Write(block, 6, x6 + key.K2);
        Write(block, 7, x7 + key.K3);
        Write(block, 8, x8 + key.K4);
        Write(block, 9, x9 + key.K5);
        Write(block, 10, x10 + key.K6);
        Write(block, 11, x11 + key.K7);
        Write(block, 12, x12 + counter);
        Write(block, 13, x13 + n0);
        Write(block, 14, x14 + n1);
        Write(block, 15, x15 + n2);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void QuarterRound(ref Vector128<uint> a, ref Vector128<uint> b, ref Vector128<uint> c, ref Vector128<uint> d)
    {
        a += b; d ^= a; d = RotateLeft(d, 16);
        c += d; b ^= c; b = RotateLeft(b, 12);
        a += b; d ^= a; d = RotateLeft(d, 8);
        c += d; b ^= c; b = RotateLeft(b, 7);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<uint> RotateLeft(Vector128<uint> value, int count) =>
        Vector128.ShiftLeft(value, count) | Vector128.ShiftRightLogical(value, 32 - count);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void QuarterRound(ref uint a, ref uint b, ref uint c, ref uint d)
    {
        a += b; d ^= a; d = uint.RotateLeft(d, 16);
        c += d; b ^= c; b = uint.RotateLeft(b, 12);
        a += b; d ^= a; d = uint.RotateLeft(d, 8);
        c += d; b ^= c; b = uint.RotateLeft(b, 7);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Write(Span<byte> block, int word, uint value) =>
        BinaryPrimitives.WriteUInt32LittleEndian(block[(word * 4)..], value);
}
