using QuicKestrel.Protocol.Connection;
using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Streams;

namespace QuicKestrel.Protocol.Tests.Connection;

/// <summary>
/// A <see cref="DirectLink"/> running many small request/response exchanges the way HTTP/3
/// does: the client keeps up to <see cref="Concurrency"/> bidirectional streams open, each
/// carrying a small request with FIN; the server answers each finished request with a small
/// response and FIN. Both use the default buffer pool (the process-wide shared one), as the
/// runtime does.
/// </summary>
internal sealed class RequestPair : DirectLink
{
    private readonly ReadOnlyMemory<byte>[] _segments = new ReadOnlyMemory<byte>[16];
    private readonly byte[] _request;
    private readonly byte[] _response;
    private int _open;
    private long _toStart;

    public RequestPair(int concurrency, int requestSize, int responseSize)
        : base(ServerOptions(ConnectionSettings.Default with { PeerBidiStreamCount = concurrency }, PacketProtectionProvider.Aead))
    {
        Concurrency = concurrency;
        _request = StreamApp.Pattern(0, requestSize);
        _response = StreamApp.Pattern(1, responseSize);
    }

    public int Concurrency { get; }

    /// <summary>Streams whose response the client read to the end and that both sides closed.</summary>
    public long Completed { get; private set; }

    /// <summary>Runs <paramref name="count"/> more exchanges to completion.</summary>
    public void Exchange(long count)
    {
        long target = Completed + count;
        _toStart += count;
        for (int i = 0; i < 10_000_000 && Completed < target; i++)
            Step();
        if (Completed < target)
            throw new InvalidOperationException($"exchanges stalled at {Completed} of {target}");
    }

    protected override void BeforeStep()
    {
        while (_toStart > 0 && _open < Concurrency
            && Client.StartStream(true, true, null, out QuicStream? stream) == StreamStartResult.Started)
        {
            _toStart--;
            _open++;
            Client.Write(stream!, _request, fin: true, Now);
        }
    }

    protected override void OnEvent(QuicConnection connection, in ConnectionEvent e)
    {
        if (e.Kind == ConnectionEventKind.StreamDataAvailable)
            ReadAll(connection, e.Stream!);
        else if (e.Kind == ConnectionEventKind.StreamClosed && !connection.IsServer)
        {
            _open--;
            Completed++;
        }
    }

    // The server answers once it has read the whole request (its FIN).
    private void ReadAll(QuicConnection connection, QuicStream stream)
    {
        if (stream.Receive is not { } receive)
            return;
        bool finWasRead = false;
        for (int i = 0; i < 100 && (receive.ReadableLength > 0 || receive.IsFinReadable) && !finWasRead; i++)
        {
            int count = connection.BeginRead(stream, _segments);
            long total = 0;
            for (int s = 0; s < count; s++)
                total += _segments[s].Length;
            finWasRead = receive.IsFinReadable && receive.ReadOffset + total == receive.FinalSize;
            connection.CompleteRead(stream, total, Now);
        }
        if (finWasRead && connection.IsServer)
            connection.Write(stream, _response, fin: true, Now);
    }
}
