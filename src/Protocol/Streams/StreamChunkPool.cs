using System.Buffers;

namespace QuicKestrel.Protocol.Streams;

/// <summary>
/// Where a connection's stream buffers get their chunks. Most streams carry a few hundred bytes
/// (an HTTP request or response), so a stream's first chunk starts small; those small chunks are
/// kept in a bounded free list of the connection's own, so opening and closing streams reuses
/// them instead of overflowing the shared pool (which then allocates fresh arrays and drops the
/// returned ones). Full-size chunks come from the given pool. Used by one
/// connection, so by one thread at a time.
/// </summary>
internal sealed class StreamChunkPool
{
    private readonly ArrayPool<byte> _pool;
    private readonly byte[][] _small;
    private int _smallCount;

    /// <param name="pool">Source of every chunk larger than <paramref name="smallChunkSize"/>.</param>
    /// <param name="smallChunkSize">Size of a stream's first chunk (0: no small chunks).</param>
    /// <param name="maxRetainedSmall">Bound on the free small chunks kept (memory held at rest ≤ this × size).</param>
    public StreamChunkPool(ArrayPool<byte> pool, int smallChunkSize, int maxRetainedSmall)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(smallChunkSize);
        ArgumentOutOfRangeException.ThrowIfNegative(maxRetainedSmall);
        _pool = pool;
        SmallChunkSize = smallChunkSize;
        _small = new byte[maxRetainedSmall][];
    }

    public int SmallChunkSize { get; }

    /// <summary>Free small chunks held now.</summary>
    public int RetainedSmallChunks => _smallCount;

    /// <summary>An array of at least <paramref name="minimumLength"/> bytes (exactly the small size when that suffices).</summary>
    public byte[] Rent(int minimumLength)
    {
        if (minimumLength > SmallChunkSize)
            return _pool.Rent(minimumLength);
        if (_smallCount > 0)
        {
            byte[] chunk = _small[--_smallCount];
            _small[_smallCount] = null!;
            return chunk;
        }
        // A new small chunk; it joins the free list when returned, so this happens only while the
        // number of streams open at once reaches a new high (up to the bound).
        return new byte[SmallChunkSize];
    }

    public void Return(byte[] chunk)
    {
        if (chunk.Length != SmallChunkSize)
            _pool.Return(chunk);
        else if (_smallCount < _small.Length)
            _small[_smallCount++] = chunk;
    }

    /// <summary>Drops the free small chunks (the connection is gone).</summary>
    public void Clear()
    {
        Array.Clear(_small, 0, _smallCount);
        _smallCount = 0;
    }
}
