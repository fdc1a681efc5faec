using System.Security.Cryptography;

namespace QuicKestrel.Protocol.Crypto;

/// <summary>HKDF-Extract and TLS 1.3's HKDF-Expand-Label (RFC 8446 §7.1), without allocating.</summary>
internal static class HkdfLabel
{
    private static ReadOnlySpan<byte> Prefix => "tls13 "u8;

    /// <summary>Largest label + context this helper accepts (TLS caps each at 255 bytes).</summary>
    private const int MaxInfoLength = 2 + 1 + 255 + 1 + 255;

    /// <summary>HKDF-Extract(salt, ikm) into <paramref name="prk"/>; returns the bytes written.</summary>
    public static int Extract(HashAlgorithmName hash, ReadOnlySpan<byte> ikm, ReadOnlySpan<byte> salt, Span<byte> prk) =>
        HKDF.Extract(hash, ikm, salt, prk);

    /// <summary>
    /// HKDF-Expand-Label(secret, label, context, output.Length). <paramref name="label"/> is
    /// given without the "tls13 " prefix, as the RFCs write it ("quic key", "c hs traffic").
    /// </summary>
    public static void Expand(HashAlgorithmName hash, ReadOnlySpan<byte> secret, ReadOnlySpan<byte> label,
        ReadOnlySpan<byte> context, Span<byte> output)
    {
        int labelLength = Prefix.Length + label.Length;
        if (labelLength > 255 || context.Length > 255 || output.Length > ushort.MaxValue)
            throw new ArgumentException("HKDF label, context or output too long.");

        Span<byte> info = stackalloc byte[MaxInfoLength];
        int n = 0;
        info[n++] = (byte)(output.Length >> 8);
        info[n++] = (byte)output.Length;
        info[n++] = (byte)labelLength;
        Prefix.CopyTo(info[n..]);
        n += Prefix.Length;
        label.CopyTo(info[n..]);
        n += label.Length;
        info[n++] = (byte)context.Length;
        context.CopyTo(info[n..]);
        n += context.Length;
        HKDF.Expand(hash, secret, output, info[..n]);
    }
}
