using System.Buffers;

namespace QuicKestrel.Protocol.Streams;

/// <summary>
/// Stream bytes stored by absolute offset in fixed-size chunks rented from a pool. Chunk k holds
/// offsets [base + k·size, base + (k+1)·size). Chunks are rented when first written and returned
/// once every offset in them is released, so memory follows the bytes actually held and the
/// steady state allocates nothing. Shared by the send buffer (data until acknowledged) and the
/// receive buffer (reassembly until consumed).
/// The stream's first chunk (offsets from 0) starts as a small array, replaced by a full one
/// (contents copied) only when data reaches past its end: most streams never need more.
/// </summary>
internal sealed class ChunkRing
{
    private readonly StreamChunkPool _pool;
    private readonly int _chunkSize;
    private byte[]?[] _slots;
    private int _head;
    private long _baseOffset;
    private int _rentedCount;

    // The small first chunk after it was replaced: memory handed out over it (received data being
    // delivered) must stay valid, so it goes back to the pool only at the next release point.
    private byte[]? _replaced;

    public ChunkRing(ArrayPool<byte> pool, int chunkSize)
        : this(new StreamChunkPool(pool, 0, 0), chunkSize)
    {
    }

    public ChunkRing(StreamChunkPool pool, int chunkSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        _pool = pool;
        _chunkSize = chunkSize;
        _slots = new byte[]?[4];
    }

    public int ChunkSize => _chunkSize;

    /// <summary>Chunks currently rented from the pool (memory held ≤ this × chunk size).</summary>
    public int RentedChunks => _rentedCount;

    /// <summary>Copies <paramref name="data"/> to <paramref name="offset"/> (not below the released point).</summary>
    public void Write(long offset, ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            int within = Within(offset);
            int n = Math.Min(data.Length, _chunkSize - within);
            byte[] chunk = GetOrRent(offset, within + n);
            data[..n].CopyTo(chunk.AsSpan(within, n));
            data = data[n..];
            offset += n;
        }
    }

    /// <summary>Copies previously written bytes starting at <paramref name="offset"/>.</summary>
    public void CopyTo(long offset, Span<byte> destination)
    {
        while (!destination.IsEmpty)
        {
            ReadOnlyMemory<byte> segment = Segment(offset, offset + destination.Length);
            segment.Span.CopyTo(destination);
            destination = destination[segment.Length..];
            offset += segment.Length;
        }
    }

    /// <summary>The written bytes from <paramref name="offset"/> up to <paramref name="end"/> or the chunk's end, whichever is first.</summary>
    public ReadOnlyMemory<byte> Segment(long offset, long end)
    {
        int within = Within(offset);
        int n = (int)Math.Min(end - offset, _chunkSize - within);
        byte[] chunk = GetOrRent(offset, within + n);
        return new ReadOnlyMemory<byte>(chunk, within, n);
    }

    /// <summary>Returns to the pool every chunk lying entirely below <paramref name="offset"/>.</summary>
    public void ReleaseBelow(long offset)
    {
        ReturnReplaced();
        long chunksBelow = (offset - _baseOffset) / _chunkSize;
        if (chunksBelow <= 0)
            return;
        if (chunksBelow >= _slots.Length)
        {
            ReturnAll();
            _head = 0;
            _baseOffset += chunksBelow * _chunkSize;
            return;
        }
        for (long i = 0; i < chunksBelow; i++)
        {
            ReturnSlot(_head);
            _head = (_head + 1) % _slots.Length;
        }
        _baseOffset += chunksBelow * _chunkSize;
    }

    /// <summary>Returns every chunk to the pool; the ring stays usable from <paramref name="nextOffset"/>.</summary>
    public void Clear(long nextOffset)
    {
        ReturnReplaced();
        ReturnAll();
        _head = 0;
        _baseOffset = nextOffset - (nextOffset % _chunkSize);
    }

    private int Within(long offset) => (int)((offset - _baseOffset) % _chunkSize);

    // The chunk holding offset, with room for its first `needed` bytes (only the small first chunk
    // can lack it, as every other chunk is rented at full size).
    private byte[] GetOrRent(long offset, int needed)
    {
        long index = (offset - _baseOffset) / _chunkSize;
        if (index >= _slots.Length)
            Grow(index + 1);
        int slot = (int)((_head + index) % _slots.Length);
        byte[]? chunk = _slots[slot];
        if (chunk is null)
        {
            bool small = _baseOffset == 0 && index == 0 && needed <= _pool.SmallChunkSize;
            chunk = _pool.Rent(small ? _pool.SmallChunkSize : _chunkSize);
            _slots[slot] = chunk;
            _rentedCount++;
        }
        else if (chunk.Length < needed)
        {
            chunk = Enlarge(slot);
        }
        return chunk;
    }

    // Straight to full size, so a chunk is replaced at most once between release points.
    private byte[] Enlarge(int slot)
    {
        byte[] small = _slots[slot]!;
        byte[] full = _pool.Rent(_chunkSize);
        small.CopyTo(full, 0);
        _slots[slot] = full;
        _replaced ??= small; // never already set (a chunk is replaced once); were it, dropping is the safe choice
        return full;
    }

    private void ReturnReplaced()
    {
        if (_replaced is null)
            return;
        _pool.Return(_replaced);
        _replaced = null;
    }

    // Rare: only when a stream holds more chunks than ever before (window or buffer growth).
    private void Grow(long needed)
    {
        int size = _slots.Length;
        while (size < needed)
            size *= 2;
        var slots = new byte[]?[size];
        for (int i = 0; i < _slots.Length; i++)
            slots[i] = _slots[(_head + i) % _slots.Length];
        _slots = slots;
        _head = 0;
    }

    private void ReturnAll()
    {
        for (int i = 0; i < _slots.Length && _rentedCount > 0; i++)
            ReturnSlot(i);
    }

    private void ReturnSlot(int slot)
    {
        byte[]? chunk = _slots[slot];
        if (chunk is null)
            return;
        _slots[slot] = null;
        _rentedCount--;
        _pool.Return(chunk);
    }
}
