using BenchmarkDotNet.Attributes;
using QuicKestrel.Protocol.Streams;

namespace QuicKestrel.Benchmarks.Streams;

/// <summary>
/// The stream layer's per-packet work: 1 MiB moved as ~1200-byte STREAM frames through
/// write → peek → copy → sent → (receive, reassemble, consume) → ACK, in order and with every
/// other frame arriving late (reassembly of out-of-order data). One unidirectional stream per
/// operation, so the per-stream objects are in the allocation figure; the per-frame path allocates nothing.
/// </summary>
[MemoryDiagnoser]
public class StreamBenchmarks
{
    private const int TotalBytes = 1 << 20;
    private const int FrameBytes = 1200;
    private readonly byte[] _block = new byte[64 * 1024];
    private readonly byte[] _payload = new byte[FrameBytes];
    private readonly byte[] _held = new byte[FrameBytes];
    private StreamManager _client = null!, _server = null!;
    private long _streamIndex;

    [GlobalSetup]
    public void Setup()
    {
        var settings = new StreamSettings
        {
            PeerUnidiStreamCount = 1 << 20,
            StreamReceiveWindowUni = 1 << 22,
            ConnectionReceiveWindow = 1 << 30,
            MaxConnectionReceiveWindow = 1 << 30,
        };
        _client = new StreamManager(false, settings);
        _server = new StreamManager(true, settings);
        _client.ApplyPeerTransportParameters(_server.LocalParameters);
        _server.ApplyPeerTransportParameters(_client.LocalParameters);
    }

    [Benchmark(Description = "1 MiB in order")]
    public long InOrder() => Transfer(reorder: false);

    [Benchmark(Description = "1 MiB, pairs swapped")]
    public long PairsSwapped() => Transfer(reorder: true);

    private long Transfer(bool reorder)
    {
        _client.TryOpenLocalStream(false, out QuicStream stream);
        _streamIndex++;
        long written = 0, delivered = 0;
        StreamChunk held = default;
        bool holding = false;
        for (int guard = 0; !stream.IsClosed && guard < 1_000_000; guard++)
        {
            if (written < TotalBytes)
                written += _client.Write(stream, _block.AsSpan(0, (int)Math.Min(_block.Length, TotalBytes - written)), written + _block.Length >= TotalBytes);
            while (_client.TryPeekStreamFrame(out StreamChunk chunk))
            {
                chunk = chunk.Truncate(FrameBytes);
                _client.CopyStreamData(chunk, _payload);
                _client.OnStreamFrameSent(chunk);
                if (reorder && !holding && !chunk.Fin)
                {
                    _payload.AsSpan(0, chunk.Length).CopyTo(_held);
                    held = chunk;
                    holding = true;
                    continue;
                }
                delivered += Deliver(chunk, _payload);
                if (holding)
                {
                    delivered += Deliver(held, _held);
                    holding = false;
                }
            }
            while (_client.TryPeekControlFrame(out StreamControlFrame f))
                _client.OnControlFrameSent(f);
            while (_server.TryPeekControlFrame(out StreamControlFrame f))
            {
                _server.OnControlFrameSent(f);
                if (f.Kind == StreamControlFrameKind.MaxStreamData)
                    _client.OnMaxStreamData(f.StreamId, f.Value);
                else if (f.Kind == StreamControlFrameKind.MaxData)
                    _client.OnMaxData(f.Value);
            }
        }
        while (_server.TryPollEvent(out _) || _client.TryPollEvent(out _))
        {
        }
        return delivered;
    }

    private long Deliver(in StreamChunk chunk, byte[] data)
    {
        _server.OnStreamFrame(chunk.StreamId, chunk.Offset, data.AsSpan(0, chunk.Length), chunk.Fin);
        _client.OnStreamFrameAcked(chunk);
        if (!_server.TryGetStream(chunk.StreamId, out QuicStream received))
            return 0;
        long readable = received.Receive!.ReadableLength;
        if (readable > 0 || received.Receive.IsFinReadable)
            _server.Consume(received, readable, _streamIndex, 10_000);
        return readable;
    }
}
