namespace WebApp;

/// <summary>
/// The bytes of GET /bytes/{n}: byte i is (i * 31 + 7) mod 256, so a client can check any
/// download bit for bit without a copy of it (the same pattern as the HTTP/3 test client's).
/// </summary>
public static class DeterministicContent
{
    /// <summary>The byte at stream offset <paramref name="index"/>.</summary>
    public static byte At(long index) => (byte)(index * 31 + 7);

    /// <summary>Fills <paramref name="destination"/> with the bytes starting at <paramref name="offset"/>.</summary>
    public static void Fill(Span<byte> destination, long offset)
    {
        for (int i = 0; i < destination.Length; i++)
            destination[i] = At(offset + i);
    }
}
