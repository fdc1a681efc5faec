using System.Security.Cryptography;

namespace QuicKestrel.Protocol.Tls;

/// <summary>
/// The handshake transcript (RFC 8446 §4.4.1). The raw messages are kept, because the hash
/// function is unknown until the suite is chosen, binders hash a truncated ClientHello and a
/// HelloRetryRequest replaces ClientHello1 by a synthetic message_hash. Handshakes are a few
/// kilobytes, so hashing from the start when a hash is needed is cheap.
/// </summary>
internal sealed class Transcript
{
    private readonly TlsWriter _bytes = new(4096);

    public int Length => _bytes.Length;

    public void Add(ReadOnlySpan<byte> message) => _bytes.WriteBytes(message);

    /// <summary>Writes Hash(transcript) into <paramref name="output"/>; returns its length.</summary>
    public int GetHash(HashAlgorithmName hash, Span<byte> output) => HashOf(hash, _bytes.Written, output);

    /// <summary>Writes Hash(transcript || <paramref name="extra"/>) (for binders over a partial ClientHello).</summary>
    public int GetHashWith(HashAlgorithmName hash, ReadOnlySpan<byte> extra, Span<byte> output)
    {
        using var h = IncrementalHash.CreateHash(hash);
        h.AppendData(_bytes.Written);
        h.AppendData(extra);
        return h.GetHashAndReset(output);
    }

    /// <summary>RFC 8446 §4.4.1: after a HelloRetryRequest, ClientHello1 is replaced by message_hash(Hash(ClientHello1)).</summary>
    public void ReplaceWithMessageHash(HashAlgorithmName hash)
    {
        Span<byte> digest = stackalloc byte[64];
        int n = GetHash(hash, digest);
        _bytes.Clear();
        AddMessageHash(digest[..n]);
    }

    /// <summary>Starts the transcript from a ClientHello1 hash (a stateless server rebuilding it from a cookie).</summary>
    public void ResetToMessageHash(ReadOnlySpan<byte> clientHello1Hash)
    {
        _bytes.Clear();
        AddMessageHash(clientHello1Hash);
    }

    public void Clear() => _bytes.Clear();

    private void AddMessageHash(ReadOnlySpan<byte> digest)
    {
        _bytes.WriteUInt8((byte)HandshakeType.MessageHash);
        _bytes.WriteUInt24(digest.Length);
        _bytes.WriteBytes(digest);
    }

    public static int HashOf(HashAlgorithmName hash, ReadOnlySpan<byte> data, Span<byte> output) =>
        hash == HashAlgorithmName.SHA384 ? SHA384.HashData(data, output) : SHA256.HashData(data, output);
}
