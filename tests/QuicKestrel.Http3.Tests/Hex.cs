namespace QuicKestrel.Http3.Tests;

internal static class Hex
{
    /// <summary>Parses hex digits, ignoring spaces (the RFCs' "8286 8441" layout).</summary>
    public static byte[] Parse(string text) => Convert.FromHexString(text.Replace(" ", "", StringComparison.Ordinal));

    public static string Format(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
