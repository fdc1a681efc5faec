namespace QuicKestrel.Http3;

/// <summary>
/// The deterministic content served at <c>/bytes/{n}</c> and used to verify it: the byte at
/// offset i is the top byte of i × 0x9E3779B97F4A7C15 (mod 2^64), i.e.
/// <c>(byte)(((ulong)i * 0x9E3779B97F4A7C15UL) &gt;&gt; 56)</c>. Every offset's byte depends on
/// the whole offset, so dropped, duplicated, shifted or reordered ranges are detected.
/// </summary>
public static class DeterministicContent
{
    private const ulong Multiplier = 0x9E3779B97F4A7C15UL;

    /// <summary>The byte at <paramref name="offset"/>.</summary>
    /// <param name="offset">The offset from the start of the content.</param>
    /// <returns>The byte.</returns>
    public static byte ByteAt(long offset) => (byte)(((ulong)offset * Multiplier) >> 56);

    /// <summary>Fills <paramref name="destination"/> with the content starting at <paramref name="offset"/>.</summary>
    /// <param name="offset">The content offset of the first byte.</param>
    /// <param name="destination">The bytes to fill.</param>
    public static void Fill(long offset, Span<byte> destination)
    {
        ulong value = (ulong)offset * Multiplier;
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = (byte)(value >> 56);
            value += Multiplier;
        }
    }

    /// <summary>The first <paramref name="length"/> bytes of the content.</summary>
    /// <param name="length">The length.</param>
    /// <returns>A new array.</returns>
    public static byte[] Create(int length)
    {
        var content = new byte[length];
        Fill(0, content);
        return content;
    }

    /// <summary>Where <paramref name="data"/> first differs from the content at <paramref name="offset"/>.</summary>
    /// <param name="offset">The content offset of <paramref name="data"/>'s first byte.</param>
    /// <param name="data">The bytes to check.</param>
    /// <returns>The index in <paramref name="data"/> of the first wrong byte, or -1 when all match.</returns>
    public static long FindMismatch(long offset, ReadOnlySpan<byte> data)
    {
        ulong value = (ulong)offset * Multiplier;
        for (int i = 0; i < data.Length; i++)
        {
            if (data[i] != (byte)(value >> 56))
                return i;
            value += Multiplier;
        }
        return -1;
    }
}
