using QuicKestrel.Protocol.Connection;
using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Streams;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Tests.Connection;

public sealed class FlowControlTests
{
    private static PairOptions SmallWindows() => new()
    {
        Protection = PacketProtectionProvider.Null,
        ServerSettings = ConnectionSettings.Default with
        {
            PeerBidiStreamCount = 10, StreamReceiveWindow = 16 * 1024, ConnectionReceiveWindow = 32 * 1024,
        },
    };

    [Fact]
    public void Sender_stops_at_the_stream_window_signals_blocked_and_resumes_on_MAX_STREAM_DATA()
    {
        using var pair = new ConnectionPair(SmallWindows());
        var server = new StreamApp { Paused = true };
        server.Attach(pair, server: true);
        pair.Handshake();
        pair.Client.StartStream(true, false, null, out QuicStream? stream);
        byte[] data = StreamApp.Pattern(stream!.Id, 200_000);
        new StreamApp().Send(pair.Client, stream, data, fin: true, pair.Now);
        pair.RunFor(1_000_000);

        List<SniffedFrame> frames = FrameSniffer.All(pair);
        long highest = frames.Where(f => f.ToServer && f.Type == FrameType.Stream).Max(f => (long)f.Value1 + f.DataLength);
        Assert.Equal(16 * 1024, highest);
        Assert.Contains(frames, f => f.ToServer && f.Type == FrameType.StreamDataBlocked && f.Value1 == 16 * 1024);

        server.Paused = false;
        server.ReadAll(pair.Server!, pair.Now);
        Assert.True(pair.RunUntil(() => server.Finished.Contains(stream.Id), 30_000_000));
        Assert.Equal(data, server.ReceivedBytes(stream.Id));
        frames = FrameSniffer.All(pair);
        Assert.Contains(frames, f => !f.ToServer && f.Type == FrameType.MaxStreamData && f.Value1 > 16 * 1024);
        Assert.Contains(frames, f => !f.ToServer && f.Type == FrameType.MaxData && f.Value0 > 32 * 1024);
    }

    [Fact]
    public void Connection_window_limits_the_sum_of_streams_and_DATA_BLOCKED_is_sent()
    {
        using var pair = new ConnectionPair(SmallWindows());
        var server = new StreamApp { Paused = true };
        server.Attach(pair, server: true);
        pair.Handshake();
        var client = new StreamApp();
        for (int i = 0; i < 4; i++)
        {
            pair.Client.StartStream(true, false, null, out QuicStream? stream);
            client.Send(pair.Client, stream!, StreamApp.Pattern(stream!.Id, 50_000), fin: true, pair.Now);
        }
        pair.RunFor(1_000_000);
        List<SniffedFrame> frames = FrameSniffer.All(pair);
        long total = frames.Where(f => f.ToServer && f.Type == FrameType.Stream).GroupBy(f => f.Value0)
            .Sum(g => g.Max(f => (long)f.Value1 + f.DataLength));
        Assert.Equal(32 * 1024, total);
        Assert.Contains(frames, f => f.ToServer && f.Type == FrameType.DataBlocked && f.Value0 == 32 * 1024);

        server.Paused = false;
        server.ReadAll(pair.Server!, pair.Now);
        Assert.True(pair.RunUntil(() => server.Finished.Count == 4, 30_000_000));
        foreach (QuicStream stream in server.PeerStreams)
            Assert.Equal(StreamApp.Pattern(stream.Id, 50_000), server.ReceivedBytes(stream.Id));
    }

    [Fact]
    public void Stream_limit_is_regranted_with_MAX_STREAMS_as_streams_close()
    {
        using var pair = new ConnectionPair(new PairOptions
        {
            Protection = PacketProtectionProvider.Null,
            ServerSettings = ConnectionSettings.Default with { PeerBidiStreamCount = 2 },
        });
        var server = new StreamApp();
        pair.OnEvent = (isServer, connection, e) =>
        {
            if (!isServer)
                return;
            server.Handle(connection, e, pair.Now);
            // Answer each finished request with an empty response so the stream closes.
            if (e.Kind == ConnectionEventKind.StreamDataAvailable && server.Finished.Contains(e.Stream!.Id) && e.Stream.Send is { CanWrite: true })
                connection.Write(e.Stream, default, fin: true, pair.Now);
        };
        pair.Handshake();
        var started = new List<QuicStream>();
        var pending = 0;
        for (int i = 0; i < 6; i++)
        {
            StreamStartResult result = pair.Client.StartStream(true, false, i, out QuicStream? stream);
            if (result == StreamStartResult.Started)
                started.Add(stream!);
            else
                pending++;
        }
        Assert.Equal(2, started.Count);
        Assert.Equal(4, pending);
        Assert.Equal(StreamStartResult.LimitReached, pair.Client.StartStream(true, failIfBlocked: true, null, out _));
        pair.OnEvent += (isServer, connection, e) =>
        {
            if (!isServer && e.Kind == ConnectionEventKind.StreamStartComplete)
                started.Add(e.Stream!);
        };
        foreach (QuicStream stream in started.ToArray())
            pair.Client.Write(stream, "hello"u8, fin: true, pair.Now);
        Assert.True(pair.RunUntil(() =>
        {
            foreach (QuicStream stream in started)
            {
                if (stream.Send is { IsFinQueued: false })
                    pair.Client.Write(stream, "hello"u8, fin: true, pair.Now);
            }
            return server.Finished.Count == 6;
        }, 10_000_000));
        List<SniffedFrame> frames = FrameSniffer.All(pair);
        Assert.Contains(frames, f => f.ToServer && f.Type == FrameType.StreamsBlockedBidi && f.Value0 == 2);
        Assert.Contains(frames, f => !f.ToServer && f.Type == FrameType.MaxStreamsBidi && f.Value0 >= 6);
        Assert.Equal(6, started.Select(s => s.Id).Distinct().Count());
    }

    [Fact]
    public void Peer_exceeding_our_stream_limit_is_a_STREAM_LIMIT_ERROR()
    {
        using var pair = new ConnectionPair(new PairOptions
        {
            Protection = PacketProtectionProvider.Null,
            ServerSettings = ConnectionSettings.Default with { PeerBidiStreamCount = 1 },
        });
        pair.Handshake();
        var server = pair.Server!;
        // Forge a 1-RTT STREAM frame for stream 4 (the second client bidi stream) through the raw path.
        pair.Client.StartStream(true, false, null, out QuicStream? first);
        pair.Client.Write(first!, "a"u8, false, pair.Now);
        pair.RunFor(100_000);
        Assert.True(PacketForger.SendOneRtt(pair, toServer: true, [0x0a, 0x04, 0x01, 0x61]));
        pair.RunFor(100_000);
        Assert.Equal(TransportErrorCode.StreamLimitError, (TransportErrorCode)server.CloseReason.ErrorCode);
    }
}
