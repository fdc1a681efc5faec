using System.Buffers;
using QuicKestrel.Protocol.Connection;
using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Streams;

namespace QuicKestrel.Protocol.Tests.Connection;

/// <summary>
/// A <see cref="DirectLink"/> with a bulk sender/receiver app on top: the client writes one
/// stream, the server reads it.
/// </summary>
internal sealed class DirectPair : DirectLink
{
    private readonly ReadOnlyMemory<byte>[] _segments = new ReadOnlyMemory<byte>[64];
    private readonly byte[] _payload = StreamApp.Pattern(1, 64 * 1024);
    private QuicStream? _sendStream;
    private long _toSend;

    public DirectPair(PacketProtectionProvider protection)
        : base(BulkServerOptions(protection))
    {
    }

    public long BytesReceived { get; private set; }

    private static ConnectionOptions BulkServerOptions(PacketProtectionProvider protection)
    {
        // The connection window bounds the data in flight (there is no bottleneck to do it), so
        // buffers reach a fixed high-water mark.
        var settings = ConnectionSettings.Default with { PeerBidiStreamCount = 10, ConnectionReceiveWindow = 512 * 1024 };
        // A retaining pool: the shared pool keeps too few 16 KiB chunks to cover megabytes in
        // flight, so it would allocate whenever chunks cycle.
        ArrayPool<byte> pool = ArrayPool<byte>.Create(64 * 1024, 4096);
        WarmPool(pool, 16 * 1024, 1024);
        return ServerOptions(settings, protection) with { BufferPool = pool };
    }

    protected override void OnHandshakeConfirmed() => Client.StartStream(true, false, null, out _sendStream);

    /// <summary>Sends <paramref name="bytes"/> more on the client's stream and runs until the server has read them all.</summary>
    public void Transfer(long bytes)
    {
        long target = BytesReceived + bytes;
        _toSend += bytes;
        for (int i = 0; i < 10_000_000 && BytesReceived < target; i++)
            Step();
        if (BytesReceived < target)
            throw new InvalidOperationException("transfer stalled");
    }

    protected override void BeforeStep() => FillSendBuffer();

    protected override void OnEvent(QuicConnection connection, in ConnectionEvent e)
    {
        if (e.Kind == ConnectionEventKind.StreamDataAvailable && connection.IsServer)
            Read(connection, e.Stream!);
        else if (e.Kind == ConnectionEventKind.StreamSendBufferAvailable)
            FillSendBuffer();
    }

    private void FillSendBuffer()
    {
        // Like an application with a bounded write-ahead: at most 2 MB waiting in the send buffer.
        while (_toSend > 0 && _sendStream is { Send.BufferedBytes: < 2 * 1024 * 1024 })
        {
            int chunk = (int)Math.Min(_payload.Length, _toSend);
            int taken = Client.Write(_sendStream, _payload.AsSpan(0, chunk), fin: false, Now);
            _toSend -= taken;
            if (taken < chunk)
                return;
        }
    }

    private void Read(QuicConnection connection, QuicStream stream)
    {
        while (stream.Receive is { ReadableLength: > 0 })
        {
            int count = connection.BeginRead(stream, _segments);
            long total = 0;
            for (int i = 0; i < count; i++)
                total += _segments[i].Length;
            connection.CompleteRead(stream, total, Now);
            BytesReceived += total;
        }
    }

    /// <summary>Fills the pool with chunks up front, so a new peak of buffered data is served from it.</summary>
    private static void WarmPool(ArrayPool<byte> pool, int size, int count)
    {
        var arrays = new byte[count][];
        for (int i = 0; i < count; i++)
            arrays[i] = pool.Rent(size);
        foreach (byte[] array in arrays)
            pool.Return(array);
    }
}
