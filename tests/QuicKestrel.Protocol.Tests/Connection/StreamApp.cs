using QuicKestrel.Protocol.Connection;
using QuicKestrel.Protocol.Streams;

namespace QuicKestrel.Protocol.Tests.Connection;

/// <summary>
/// A tiny application for pair tests: reads every readable stream into memory as data arrives,
/// remembers FINs, and writes large buffers as send-buffer space frees up.
/// </summary>
internal sealed class StreamApp
{
    private readonly ReadOnlyMemory<byte>[] _segments = new ReadOnlyMemory<byte>[64];
    private readonly Dictionary<long, (byte[] Data, int Written, bool Fin)> _writers = [];

    public Dictionary<long, MemoryStream> Received { get; } = [];

    public HashSet<long> Finished { get; } = [];

    public List<QuicStream> PeerStreams { get; } = [];

    /// <summary>Stop consuming (to build up flow-control pressure).</summary>
    public bool Paused { get; set; }

    public void Attach(ConnectionPair pair, bool server)
    {
        Action<bool, QuicConnection, ConnectionEvent>? previous = pair.OnEvent;
        pair.OnEvent = (isServer, connection, e) =>
        {
            previous?.Invoke(isServer, connection, e);
            if (isServer == server)
                Handle(connection, e, pair.Now);
        };
    }

    /// <summary>Writes <paramref name="data"/> (then FIN when <paramref name="fin"/>) as fast as the send buffer allows.</summary>
    public void Send(QuicConnection connection, QuicStream stream, byte[] data, bool fin, long now)
    {
        _writers[stream.Id] = (data, 0, fin);
        Continue(connection, stream, now);
    }

    public byte[] ReceivedBytes(long streamId) => Received.TryGetValue(streamId, out MemoryStream? s) ? s.ToArray() : [];

    public void Handle(QuicConnection connection, in ConnectionEvent e, long now)
    {
        switch (e.Kind)
        {
            case ConnectionEventKind.PeerStreamStarted:
                PeerStreams.Add(e.Stream!);
                break;
            case ConnectionEventKind.StreamDataAvailable:
                if (!Paused)
                    Read(connection, e.Stream!, now);
                break;
            case ConnectionEventKind.StreamSendBufferAvailable:
                Continue(connection, e.Stream!, now);
                break;
        }
    }

    public void ReadAll(QuicConnection connection, long now)
    {
        foreach (QuicStream stream in PeerStreams)
            Read(connection, stream, now);
    }

    /// <summary>Reads everything readable (one call hands out at most the segment array's worth).</summary>
    public void Read(QuicConnection connection, QuicStream stream, long now)
    {
        while (stream.Receive is { } receive && (receive.ReadableLength > 0 || receive.IsFinReadable) && !Finished.Contains(stream.Id))
            ReadOnce(connection, stream, now);
    }

    private void ReadOnce(QuicConnection connection, QuicStream stream, long now)
    {
        int count = connection.BeginRead(stream, _segments);
        long total = 0;
        if (!Received.TryGetValue(stream.Id, out MemoryStream? sink))
            Received[stream.Id] = sink = new MemoryStream();
        for (int i = 0; i < count; i++)
        {
            sink.Write(_segments[i].Span);
            total += _segments[i].Length;
        }
        bool fin = stream.Receive is { } receive && receive.IsFinReadable && receive.ReadOffset + total == receive.FinalSize;
        connection.CompleteRead(stream, total, now);
        if (fin)
            Finished.Add(stream.Id);
    }

    private void Continue(QuicConnection connection, QuicStream stream, long now)
    {
        if (!_writers.TryGetValue(stream.Id, out var w))
            return;
        while (w.Written < w.Data.Length)
        {
            int taken = connection.Write(stream, w.Data.AsSpan(w.Written), w.Fin, now);
            if (taken == 0)
                break;
            w.Written += taken;
        }
        if (w.Written == w.Data.Length && w.Data.Length == 0 && w.Fin)
            connection.Write(stream, default, true, now);
        _writers[stream.Id] = w;
    }

    /// <summary>Deterministic test data: byte i of a stream is a function of the stream ID and i.</summary>
    public static byte[] Pattern(long streamId, int length)
    {
        var data = new byte[length];
        for (int i = 0; i < length; i++)
            data[i] = (byte)(i * 31 + streamId * 7 + (i >> 8));
        return data;
    }
}
