namespace QuicKestrel.Protocol.Tests.Wire;

/// <summary>Hex helpers for RFC vectors written with spaces or line breaks.</summary>
internal static class WireHex
{
    public static byte[] Bytes(string hex)
    {
        var compact = new System.Text.StringBuilder(hex.Length);
        foreach (char c in hex)
        {
            if (!char.IsWhiteSpace(c))
                compact.Append(c);
        }
        return Convert.FromHexString(compact.ToString());
    }

    public static string String(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);
}
