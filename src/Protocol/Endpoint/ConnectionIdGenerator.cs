using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Endpoint;

/// <summary>
/// Makes the connection IDs this endpoint issues: all of one length (short headers carry no
/// length, RFC 9000 §5.1), random from the <see cref="RandomSource"/>, optionally carrying a
/// hidden route byte (<see cref="ConnectionIdRouting"/>) so a multi-worker runtime can pick the
/// owning worker from the bytes alone.
/// </summary>
/// <remarks>
/// Default length 8: every short-header packet carries it, so shorter is cheaper, and 8 random
/// bytes (56 with a route byte) make a live ID unguessable (a million connections with eight IDs
/// each leave an off-path guess a chance below 1e-9) while collisions between our own IDs are
/// rare enough to resolve by drawing again. Longer IDs only pay off for encrypted
/// load-balancer schemes, which need no change here beyond the length.
/// </remarks>
internal sealed class ConnectionIdGenerator
{
    public const int DefaultLength = 8;

    /// <summary>A client's first Destination Connection ID, and a server's IDs, are at least 8 bytes (RFC 9000 §7.2).</summary>
    public const int MinimumUnpredictableLength = 8;

    private readonly RandomSource _random;

    /// <summary>IDs of <paramref name="length"/> bytes: 0 (a client that routes by address), or 4..20.</summary>
    public ConnectionIdGenerator(int length, RandomSource random, ConnectionIdRouting? routing = null)
    {
        if (length != 0 && length is < 4 or > WireLimits.MaxConnectionIdLength)
            throw new ArgumentOutOfRangeException(nameof(length), "Connection IDs are empty or 4 to 20 bytes.");
        if (routing is not null && length < 2)
            throw new ArgumentException("A route byte needs a connection ID of at least two bytes.", nameof(routing));
        Length = length;
        _random = random;
        Routing = routing;
    }

    public int Length { get; }

    public ConnectionIdRouting? Routing { get; }

    /// <summary>Writes a fresh ID into <paramref name="destination"/>[..<see cref="Length"/>].</summary>
    public void Generate(Span<byte> destination)
    {
        Span<byte> cid = destination[..Length];
        _random.Fill(cid);
        Routing?.Stamp(cid);
    }

    public ConnectionIdKey Next()
    {
        Span<byte> cid = stackalloc byte[WireLimits.MaxConnectionIdLength];
        Generate(cid);
        return new ConnectionIdKey(cid[..Length]);
    }

    /// <summary>A client's first Destination Connection ID: unpredictable, 8..20 bytes (RFC 9000 §7.2).</summary>
    public static ConnectionIdKey NextInitialDestination(RandomSource random, int length = MinimumUnpredictableLength)
    {
        if (length is < MinimumUnpredictableLength or > WireLimits.MaxConnectionIdLength)
            throw new ArgumentOutOfRangeException(nameof(length), "A client's first Destination Connection ID is 8 to 20 bytes.");
        Span<byte> cid = stackalloc byte[length];
        random.Fill(cid);
        return new ConnectionIdKey(cid);
    }
}

/// <summary>
/// A route byte in the first byte of each issued connection ID, masked with a keyed hash of the
/// remaining bytes: the runtime recovers it with one SipHash and no table (to pick the worker or
/// socket that owns the connection), while observers see a byte that differs between every ID,
/// so IDs stay unlinkable (RFC 9000 §5.1, §9.5). Workers share the key and differ in route.
/// </summary>
internal sealed class ConnectionIdRouting
{
    private readonly SipHashKey _key;

    public ConnectionIdRouting(SipHashKey key, byte route)
    {
        _key = key;
        Route = route;
    }

    public byte Route { get; }

    public void Stamp(Span<byte> cid) => cid[0] = (byte)(Route ^ Mask(_key, cid[1..]));

    /// <summary>The route byte of <paramref name="cid"/> under <paramref name="key"/> (0..255; meaningless for foreign IDs).</summary>
    public static byte ReadRoute(in SipHashKey key, ReadOnlySpan<byte> cid) =>
        cid.Length < 2 ? (byte)0 : (byte)(cid[0] ^ Mask(key, cid[1..]));

    private static byte Mask(in SipHashKey key, ReadOnlySpan<byte> rest) => (byte)SipHash.Compute(key, rest);
}
