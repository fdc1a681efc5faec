using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using QuicKestrel.Protocol.Crypto;

namespace QuicKestrel.Protocol.Endpoint;

/// <summary>A 128-bit SipHash key.</summary>
internal readonly record struct SipHashKey(ulong K0, ulong K1)
{
    public static SipHashKey Create(RandomSource random) => new(random.NextUInt64(), random.NextUInt64());
}

/// <summary>
/// SipHash-2-4 (Aumasson and Bernstein), a keyed pseudo-random function for short inputs.
/// Routing tables hash peer-influenced bytes (client-chosen connection IDs, reset tokens)
/// with a random key, so a peer cannot choose values that collide and degrade lookups.
/// </summary>
internal static class SipHash
{
    public static ulong Compute(in SipHashKey key, ReadOnlySpan<byte> data)
    {
        ulong v0 = key.K0 ^ 0x736f6d6570736575UL;
        ulong v1 = key.K1 ^ 0x646f72616e646f6dUL;
        ulong v2 = key.K0 ^ 0x6c7967656e657261UL;
        ulong v3 = key.K1 ^ 0x7465646279746573UL;

        int blocks = data.Length & ~7;
        for (int i = 0; i < blocks; i += 8)
        {
            ulong m = BinaryPrimitives.ReadUInt64LittleEndian(data[i..]);
            v3 ^= m;
            Round(ref v0, ref v1, ref v2, ref v3);
            Round(ref v0, ref v1, ref v2, ref v3);
            v0 ^= m;
        }

        // The last block holds the leftover bytes and the input length in its top byte.
        ulong last = (ulong)data.Length << 56;
        ReadOnlySpan<byte> tail = data[blocks..];
        for (int i = 0; i < tail.Length; i++)
            last |= (ulong)tail[i] << (8 * i);
        v3 ^= last;
        Round(ref v0, ref v1, ref v2, ref v3);
        Round(ref v0, ref v1, ref v2, ref v3);
        v0 ^= last;

        v2 ^= 0xff;
        Round(ref v0, ref v1, ref v2, ref v3);
        Round(ref v0, ref v1, ref v2, ref v3);
        Round(ref v0, ref v1, ref v2, ref v3);
        Round(ref v0, ref v1, ref v2, ref v3);
        return v0 ^ v1 ^ v2 ^ v3;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Round(ref ulong v0, ref ulong v1, ref ulong v2, ref ulong v3)
    {
        v0 += v1;
        v1 = ulong.RotateLeft(v1, 13);
        v1 ^= v0;
        v0 = ulong.RotateLeft(v0, 32);
        v2 += v3;
        v3 = ulong.RotateLeft(v3, 16);
        v3 ^= v2;
        v0 += v3;
        v3 = ulong.RotateLeft(v3, 21);
        v3 ^= v0;
        v2 += v1;
        v1 = ulong.RotateLeft(v1, 17);
        v1 ^= v2;
        v2 = ulong.RotateLeft(v2, 32);
    }
}

/// <summary>Hashes <see cref="ConnectionIdKey"/>s with SipHash under a random key (one per table).</summary>
internal sealed class ConnectionIdComparer : IEqualityComparer<ConnectionIdKey>
{
    private readonly SipHashKey _key;

    public ConnectionIdComparer(SipHashKey key) => _key = key;

    public bool Equals(ConnectionIdKey x, ConnectionIdKey y) => x.Equals(y);

    public int GetHashCode(ConnectionIdKey value)
    {
        ulong hash = SipHash.Compute(_key, value.Span);
        return (int)(hash ^ (hash >> 32));
    }
}
