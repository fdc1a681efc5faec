namespace QuicKestrel.Transport.Internal;

/// <summary>
/// Connection ids for logs and Kestrel's connection feature: a random per-process prefix plus a
/// counter, in base 32 (13 characters, like Kestrel's own).
/// </summary>
internal static class ConnectionIds
{
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUV";
    private static long s_last = Random.Shared.NextInt64() & 0x7FFF_FFFF_0000_0000;

    public static string Next()
    {
        long id = Interlocked.Increment(ref s_last);
        return string.Create(13, id, static (chars, value) =>
        {
            for (int i = chars.Length - 1; i >= 0; i--)
            {
                chars[i] = Alphabet[(int)(value & 31)];
                value >>= 5;
            }
        });
    }
}
