using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using X86Aes = System.Runtime.Intrinsics.X86.Aes;

namespace QuicKestrel.Protocol.Crypto;

/// <summary>The expanded AES round keys: 11 for AES-128, 15 for AES-256.</summary>
[InlineArray(AesNiBlockCipher.MaxRoundKeys)]
internal struct AesRoundKeys
{
    private Vector128<byte> _first;
}

/// <summary>
/// Single-block AES encryption with the x86 AES instructions. Header protection encrypts one
/// 16-byte sample per packet (RFC 9001 §5.4.3); .NET's one-shot <c>Aes.EncryptEcb</c> sets up
/// a native cipher context on every call (microseconds), while ten AESENC rounds take
/// nanoseconds. The key schedule uses AESKEYGENASSIST, so no step indexes a table by key bytes.
/// </summary>
internal static class AesNiBlockCipher
{
    public const int MaxRoundKeys = 15;

    public static bool IsSupported => X86Aes.IsSupported && Sse2.IsSupported;

    /// <summary>Expands a 16- or 32-byte key; returns the number of rounds (10 or 14).</summary>
    public static int ExpandKey(ReadOnlySpan<byte> key, ref AesRoundKeys roundKeys)
    {
        if (key.Length == 16)
        {
            ExpandKey128(Load(key), ref roundKeys);
            return 10;
        }
        if (key.Length == 32)
        {
            ExpandKey256(Load(key), Load(key[16..]), ref roundKeys);
            return 14;
        }
        throw new ArgumentException("AES header protection keys are 16 or 32 bytes.", nameof(key));
    }

    /// <summary>Encrypts one 16-byte block (<paramref name="input"/> and <paramref name="output"/> may be the same).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void EncryptBlock(in AesRoundKeys roundKeys, int rounds, ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (input.Length < 16 || output.Length < 16)
            throw new ArgumentException("AES blocks are 16 bytes.");
        Vector128<byte> state = Load(input) ^ roundKeys[0];
        for (int i = 1; i < rounds; i++)
            state = X86Aes.Encrypt(state, roundKeys[i]);
        state = X86Aes.EncryptLast(state, roundKeys[rounds]);
        state.StoreUnsafe(ref MemoryMarshal.GetReference(output));
    }

    private static Vector128<byte> Load(ReadOnlySpan<byte> bytes) =>
        Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(bytes));

    // FIPS 197 §5.2 for Nk = 4: each round key is the prefix-XOR of the previous one, XORed
    // with RotWord(SubWord(last word)) ^ Rcon, which AESKEYGENASSIST leaves in dword 3.
    private static void ExpandKey128(Vector128<byte> key, ref AesRoundKeys rk)
    {
        rk[0] = key;
        rk[1] = Next(rk[0], Broadcast3(X86Aes.KeygenAssist(rk[0], 0x01)));
        rk[2] = Next(rk[1], Broadcast3(X86Aes.KeygenAssist(rk[1], 0x02)));
        rk[3] = Next(rk[2], Broadcast3(X86Aes.KeygenAssist(rk[2], 0x04)));
        rk[4] = Next(rk[3], Broadcast3(X86Aes.KeygenAssist(rk[3], 0x08)));
        rk[5] = Next(rk[4], Broadcast3(X86Aes.KeygenAssist(rk[4], 0x10)));
        rk[6] = Next(rk[5], Broadcast3(X86Aes.KeygenAssist(rk[5], 0x20)));
        rk[7] = Next(rk[6], Broadcast3(X86Aes.KeygenAssist(rk[6], 0x40)));
        rk[8] = Next(rk[7], Broadcast3(X86Aes.KeygenAssist(rk[7], 0x80)));
        rk[9] = Next(rk[8], Broadcast3(X86Aes.KeygenAssist(rk[8], 0x1b)));
        rk[10] = Next(rk[9], Broadcast3(X86Aes.KeygenAssist(rk[9], 0x36)));
    }

    // FIPS 197 §5.2 for Nk = 8: even round keys take RotWord(SubWord(.)) ^ Rcon of the
    // previous key's last word (dword 3 of AESKEYGENASSIST), odd ones plain SubWord (dword 2).
    private static void ExpandKey256(Vector128<byte> low, Vector128<byte> high, ref AesRoundKeys rk)
    {
        rk[0] = low;
        rk[1] = high;
        rk[2] = Next(rk[0], Broadcast3(X86Aes.KeygenAssist(rk[1], 0x01)));
        rk[3] = Next(rk[1], Broadcast2(X86Aes.KeygenAssist(rk[2], 0x00)));
        rk[4] = Next(rk[2], Broadcast3(X86Aes.KeygenAssist(rk[3], 0x02)));
        rk[5] = Next(rk[3], Broadcast2(X86Aes.KeygenAssist(rk[4], 0x00)));
        rk[6] = Next(rk[4], Broadcast3(X86Aes.KeygenAssist(rk[5], 0x04)));
        rk[7] = Next(rk[5], Broadcast2(X86Aes.KeygenAssist(rk[6], 0x00)));
        rk[8] = Next(rk[6], Broadcast3(X86Aes.KeygenAssist(rk[7], 0x08)));
        rk[9] = Next(rk[7], Broadcast2(X86Aes.KeygenAssist(rk[8], 0x00)));
        rk[10] = Next(rk[8], Broadcast3(X86Aes.KeygenAssist(rk[9], 0x10)));
        rk[11] = Next(rk[9], Broadcast2(X86Aes.KeygenAssist(rk[10], 0x00)));
        rk[12] = Next(rk[10], Broadcast3(X86Aes.KeygenAssist(rk[11], 0x20)));
        rk[13] = Next(rk[11], Broadcast2(X86Aes.KeygenAssist(rk[12], 0x00)));
        rk[14] = Next(rk[12], Broadcast3(X86Aes.KeygenAssist(rk[13], 0x40)));
    }

    private static Vector128<byte> Next(Vector128<byte> previous, Vector128<byte> temp)
    {
        previous ^= Sse2.ShiftLeftLogical128BitLane(previous, 4);
        previous ^= Sse2.ShiftLeftLogical128BitLane(previous, 4);
        previous ^= Sse2.ShiftLeftLogical128BitLane(previous, 4);
        return previous ^ temp;
    }

    private static Vector128<byte> Broadcast3(Vector128<byte> v) => Sse2.Shuffle(v.AsUInt32(), 0xff).AsByte();

    private static Vector128<byte> Broadcast2(Vector128<byte> v) => Sse2.Shuffle(v.AsUInt32(), 0xaa).AsByte();
}
