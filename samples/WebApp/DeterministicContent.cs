namespace WebApp;

/// <summary>
/// The bytes of GET /bytes/{n}, the pattern the HTTP/3 test client (tests/QuicKestrel.Http3)
/// verifies: byte i is the top byte of i × 0x9E3779B97F4A7C15 (mod 2^64). Every byte depends on
/// the whole offset, so dropped, duplicated, shifted or reordered ranges show.
/// </summary>
public static class DeterministicContent
{
    private const ulong Multiplier = 0x9E3779B97F4A7C15UL;

    /// <summary>The byte at stream offset <paramref name="index"/>.</summary>
    public static byte At(long index) => (byte)(((ulong)index * Multiplier) >> 56);

    /// <summary>Fills <paramref name="destination"/> with the bytes starting at <paramref name="offset"/>.</summary>
    public static void Fill(Span<byte> destination, long offset)
    {
        ulong value = (ulong)offset * Multiplier;
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = (byte)(value >> 56);
            value += Multiplier;
        }
    }
}
