using System.Security.Cryptography;
using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Endpoint;

/// <summary>
/// Stateless reset tokens (RFC 9000 §10.3.2): HMAC-SHA256(static key, connection ID) truncated
/// to 16 bytes, so an endpoint that lost a connection's state can still compute the token of
/// any ID it issued. The key must serve no other purpose and should persist across restarts
/// (and be shared only by endpoints that route each ID to its owner, or a peer could learn the
/// token of a live ID from a misrouted packet). Stateless and thread-safe: connections on any
/// worker may compute tokens.
/// </summary>
internal sealed class StatelessResetTokenGenerator
{
    public const int KeyLength = 32;
    public const int TokenLength = WireLimits.StatelessResetTokenLength;

    private readonly byte[] _key;

    public StatelessResetTokenGenerator(ReadOnlySpan<byte> key)
    {
        if (key.Length < KeyLength)
            throw new ArgumentException("The stateless reset key is at least 32 bytes.", nameof(key));
        _key = key.ToArray();
    }

    public static StatelessResetTokenGenerator CreateRandom(RandomSource random)
    {
        Span<byte> key = stackalloc byte[KeyLength];
        random.Fill(key);
        var generator = new StatelessResetTokenGenerator(key);
        CryptographicOperations.ZeroMemory(key);
        return generator;
    }

    /// <summary>Writes the 16-byte token for <paramref name="connectionId"/> into <paramref name="token"/>.</summary>
    public void Compute(ReadOnlySpan<byte> connectionId, Span<byte> token)
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, connectionId, mac);
        mac[..TokenLength].CopyTo(token);
        CryptographicOperations.ZeroMemory(mac);
    }

    public ConnectionIdKey Compute(ReadOnlySpan<byte> connectionId)
    {
        Span<byte> token = stackalloc byte[TokenLength];
        Compute(connectionId, token);
        return new ConnectionIdKey(token);
    }
}
