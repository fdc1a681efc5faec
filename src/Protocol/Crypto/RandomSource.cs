using System.Security.Cryptography;

namespace QuicKestrel.Protocol.Crypto;

/// <summary>
/// Where the sans-IO core gets randomness (connection IDs, tokens, TLS randoms and keys).
/// Production uses the OS generator; tests and the simulator pass a seeded source so runs
/// repeat exactly.
/// </summary>
internal abstract class RandomSource
{
    /// <summary>The operating system's cryptographic generator.</summary>
    public static RandomSource System { get; } = new SystemRandomSource();

    /// <summary>Fills <paramref name="destination"/> with random bytes.</summary>
    public abstract void Fill(Span<byte> destination);

    /// <summary>A uniformly distributed value in [0, <paramref name="exclusiveMax"/>).</summary>
    public int NextInt(int exclusiveMax)
    {
        if (exclusiveMax <= 1)
            return 0;
        Span<byte> bytes = stackalloc byte[8];
        Fill(bytes);
        return (int)(BitConverter.ToUInt64(bytes) % (ulong)exclusiveMax);
    }

    /// <summary>A uniformly distributed 64-bit value.</summary>
    public ulong NextUInt64()
    {
        Span<byte> bytes = stackalloc byte[8];
        Fill(bytes);
        return BitConverter.ToUInt64(bytes);
    }

    private sealed class SystemRandomSource : RandomSource
    {
        public override void Fill(Span<byte> destination) => RandomNumberGenerator.Fill(destination);
    }
}

/// <summary>
/// A deterministic generator (xoshiro256**) for tests and simulation. Not for production
/// secrets.
/// </summary>
internal sealed class SeededRandomSource : RandomSource
{
    private ulong _s0, _s1, _s2, _s3;

    public SeededRandomSource(ulong seed)
    {
        // SplitMix64 spreads the seed over the four state words.
        _s0 = SplitMix(ref seed);
        _s1 = SplitMix(ref seed);
        _s2 = SplitMix(ref seed);
        _s3 = SplitMix(ref seed);
    }

    public override void Fill(Span<byte> destination)
    {
        while (destination.Length >= 8)
        {
            BitConverter.TryWriteBytes(destination, Next());
            destination = destination[8..];
        }
        if (destination.Length > 0)
        {
            Span<byte> last = stackalloc byte[8];
            BitConverter.TryWriteBytes(last, Next());
            last[..destination.Length].CopyTo(destination);
        }
    }

    /// <summary>A value in [0, 1), for probabilities.</summary>
    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

    private ulong Next()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}
