using System.Buffers;
using QuicKestrel.Protocol.Streams;

namespace QuicKestrel.Protocol.Tests.Streams;

public class ChunkRingTests
{
    private const int ChunkSize = 4096;
    private const int Small = 256;

    private static byte[] Data(int length, int seed)
    {
        var data = new byte[length];
        for (int i = 0; i < length; i++)
            data[i] = (byte)(i * 31 + seed);
        return data;
    }

    [Fact]
    public void A_short_stream_uses_one_small_chunk_that_goes_back_to_the_connection_pool()
    {
        var pool = new StreamChunkPool(ArrayPool<byte>.Shared, Small, 8);
        var ring = new ChunkRing(pool, ChunkSize);
        ring.Write(0, Data(200, 1));
        ReadOnlyMemory<byte> segment = ring.Segment(0, 200);
        Assert.Equal(Small, MemoryMarshalArray(segment).Length);
        Assert.True(segment.Span.SequenceEqual(Data(200, 1)));
        ring.Clear(200);
        Assert.Equal(1, pool.RetainedSmallChunks);
        var next = new ChunkRing(pool, ChunkSize);
        next.Write(0, Data(10, 2));
        Assert.Equal(0, pool.RetainedSmallChunks); // reused, not allocated
    }

    [Fact]
    public void Data_past_the_small_chunk_moves_it_to_a_full_chunk_keeping_the_bytes()
    {
        var pool = new StreamChunkPool(ArrayPool<byte>.Shared, Small, 8);
        var ring = new ChunkRing(pool, ChunkSize);
        byte[] data = Data(10_000, 3);
        ring.Write(0, data.AsSpan(0, 100));
        ring.Write(100, data.AsSpan(100, 9_900));
        var copy = new byte[10_000];
        ring.CopyTo(0, copy);
        Assert.Equal(data, copy);
        Assert.True(MemoryMarshalArray(ring.Segment(0, 10)).Length >= ChunkSize);
        Assert.Equal(3, ring.RentedChunks);
    }

    [Fact]
    public void Memory_handed_out_over_the_small_chunk_stays_unchanged_until_the_next_release()
    {
        var pool = new StreamChunkPool(ArrayPool<byte>.Shared, Small, 8);
        var ring = new ChunkRing(pool, ChunkSize);
        ring.Write(0, Data(100, 4));
        ReadOnlyMemory<byte> delivered = ring.Segment(0, 100);
        ring.Write(100, Data(1_000, 5)); // replaces the small chunk while 'delivered' is held
        // Another stream of the connection takes a small chunk meanwhile: it must not be the held one.
        var other = new ChunkRing(pool, ChunkSize);
        other.Write(0, new byte[Small]);
        Assert.True(delivered.Span.SequenceEqual(Data(100, 4)));
        Assert.Equal(0, pool.RetainedSmallChunks);
        ring.ReleaseBelow(100); // the application consumed the delivered bytes
        Assert.Equal(1, pool.RetainedSmallChunks);
    }

    [Fact]
    public void Data_arriving_first_beyond_the_small_size_gets_a_full_chunk()
    {
        var pool = new StreamChunkPool(ArrayPool<byte>.Shared, Small, 8);
        var ring = new ChunkRing(pool, ChunkSize);
        ring.Write(1_000, Data(50, 6));
        Assert.True(MemoryMarshalArray(ring.Segment(1_000, 1_050)).Length >= ChunkSize);
        ring.Clear(1_050);
        Assert.Equal(0, pool.RetainedSmallChunks);
    }

    [Fact]
    public void Chunks_after_the_first_are_full_size_even_when_written_in_small_pieces()
    {
        var pool = new StreamChunkPool(ArrayPool<byte>.Shared, Small, 8);
        var ring = new ChunkRing(pool, ChunkSize);
        ring.Write(0, Data(ChunkSize, 7));
        ring.ReleaseBelow(ChunkSize);
        ring.Write(ChunkSize, Data(10, 8));
        Assert.True(MemoryMarshalArray(ring.Segment(ChunkSize, ChunkSize + 10)).Length >= ChunkSize);
    }

    [Fact]
    public void The_pool_keeps_at_most_its_bound_of_free_small_chunks()
    {
        var pool = new StreamChunkPool(ArrayPool<byte>.Shared, Small, 3);
        var chunks = new byte[5][];
        for (int i = 0; i < chunks.Length; i++)
            chunks[i] = pool.Rent(Small);
        foreach (byte[] chunk in chunks)
            pool.Return(chunk);
        Assert.Equal(3, pool.RetainedSmallChunks);
        pool.Clear();
        Assert.Equal(0, pool.RetainedSmallChunks);
        Assert.True(pool.Rent(Small + 1).Length > Small);
    }

    private static byte[] MemoryMarshalArray(ReadOnlyMemory<byte> memory) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(memory, out ArraySegment<byte> segment) ? segment.Array! : [];
}
