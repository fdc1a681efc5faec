using System.Buffers;
using QuicKestrel.Protocol.Streams;
using static QuicKestrel.Protocol.Tests.Streams.StreamTestKit;

namespace QuicKestrel.Protocol.Tests.Streams;

/// <summary>
/// Once warmed up, a long bidirectional send / receive / ACK / loss loop through the stream
/// layer allocates nothing: buffers come from the pool, queues are intrusive, events are
/// structs in a ring, ACK and loss reports are plain values.
/// </summary>
public class SteadyStateAllocationTests
{
    private sealed class Pump
    {
        private readonly StreamManager _client, _server;
        private readonly QuicStream[] _clientStreams;
        private readonly byte[] _block = new byte[8192];
        private readonly ReadOnlyMemory<byte>[] _segments = new ReadOnlyMemory<byte>[64];
        private readonly StreamLink _link;
        private long _round;

        public Pump(int streams, ArrayPool<byte> pool, Action<StreamLink> configure)
        {
            var settings = Settings(peerBidi: 16, streamWindow: 32 * 1024, connectionWindow: 128 * 1024, chunkSize: 4096,
                maxStreamWindow: 256 * 1024, maxConnectionWindow: 1 << 20, sendBuffer: 64 * 1024) with { BufferPool = pool };
            (_client, _server) = Pair(settings, settings);
            _link = new StreamLink(seed: 11) { PacketRoom = 1400 };
            configure(_link);
            _link.Preallocate(512);
            _clientStreams = new QuicStream[streams];
            for (int i = 0; i < streams; i++)
                Assert.True(_client.TryOpenLocalStream(true, out _clientStreams[i]));
            for (int i = 0; i < _block.Length; i++)
                _block[i] = (byte)(i * 31);
        }

        public long BytesRead { get; private set; }

        public long PacketsSent => _link.PacketsSent;

        /// <summary>Runs rounds one by one and returns the total allocated, listing the rounds that allocated.</summary>
        public long RunMeasured(int rounds, List<string> allocations)
        {
            long total = 0;
            for (int i = 0; i < rounds; i++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                Run(1);
                long delta = GC.GetAllocatedBytesForCurrentThread() - before;
                if (delta > 0 && allocations.Count < 20)
                    allocations.Add($"round {i}: {delta} B");
                total += delta;
            }
            return total;
        }

        public void Run(int rounds)
        {
            for (int r = 0; r < rounds; r++, _round++)
            {
                foreach (QuicStream s in _clientStreams)
                    _client.Write(s, _block, fin: false);
                _link.Round(_client, _server, maxPacketsPerSide: 32);
                Drain(_server, echo: true);
                Drain(_client, echo: false);
            }
            Assert.False(_link.Error.IsError, _link.Error.ToString());
        }

        private void Drain(StreamManager manager, bool echo)
        {
            while (manager.TryPollEvent(out StreamEvent e))
            {
                if (e.Kind != StreamEventKind.DataAvailable)
                    continue;
                QuicStream stream = e.Stream!;
                int count = stream.Receive!.GetReadableSegments(_segments);
                long total = 0;
                for (int i = 0; i < count; i++)
                {
                    ReadOnlySpan<byte> span = _segments[i].Span;
                    if (echo)
                        manager.Write(stream, span[..Math.Min(span.Length, 2048)], fin: false);
                    total += span.Length;
                }
                manager.Consume(stream, total, _round * 2_000, 10_000);
                BytesRead += total;
            }
        }
    }

    // A chunk pool that already holds enough chunks, as a per-worker pool does after earlier
    // traffic; ArrayPool<byte>.Shared keeps only a few arrays per size and core, so at a new peak
    // of chunks in use it would allocate (that is the pool's policy, not the stream layer's).
    private static ArrayPool<byte> WarmPool()
    {
        var pool = ArrayPool<byte>.Create(maxArrayLength: 4096, maxArraysPerBucket: 1024);
        var chunks = new byte[512][];
        for (int i = 0; i < chunks.Length; i++)
            chunks[i] = pool.Rent(4096);
        foreach (byte[] chunk in chunks)
            pool.Return(chunk);
        return pool;
    }

    [Fact]
    public void Send_ack_loss_loop_allocates_nothing_in_steady_state()
    {
        // Repeatable loss (every 17th packet), spurious loss (every 41st) and reordering, so the
        // run settles into a true steady state; the pool keeps every chunk it is given back.
        var pump = new Pump(streams: 4, WarmPool(), link => { link.LossPeriod = 17; link.SpuriousPeriod = 41; link.Reverse = true; });
        pump.Run(2000);
        long readBefore = pump.BytesRead, packetsBefore = pump.PacketsSent;

        var where = new List<string>(32);
        long allocated = pump.RunMeasured(4000, where);

        Assert.True(pump.BytesRead - readBefore > 50_000_000, $"only {pump.BytesRead - readBefore} bytes moved");
        Assert.True(pump.PacketsSent - packetsBefore > 100_000);
        Assert.True(allocated == 0, string.Join(", ", where));
    }

    [Fact]
    public void Random_loss_loop_allocates_only_when_a_new_high_water_mark_is_reached()
    {
        // With random loss a rare burst can need a larger range set or chunk ring than ever
        // before; that growth is kept, so the total stays tiny and nothing is allocated per packet.
        var pump = new Pump(streams: 4, WarmPool(), link => { link.LossRate = 0.05; link.SpuriousLossRate = 0.02; link.Reorder = true; });
        pump.Run(2000);
        long packetsBefore = pump.PacketsSent;

        var where = new List<string>(32);
        long allocated = pump.RunMeasured(8000, where);

        long packets = pump.PacketsSent - packetsBefore;
        Assert.True(packets > 200_000);
        Assert.True(allocated < 4096, $"{allocated} bytes over {packets} packets: " + string.Join(", ", where));
    }
}
