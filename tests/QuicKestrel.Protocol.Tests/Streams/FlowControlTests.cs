using QuicKestrel.Protocol.Streams;
using QuicKestrel.Protocol.Wire;
using static QuicKestrel.Protocol.Tests.Streams.StreamTestKit;

namespace QuicKestrel.Protocol.Tests.Streams;

public class FlowControlTests
{
    private static QuicStream OpenedPeerStream(StreamManager server, long id) =>
        DrainEvents(server).Last(e => e.Kind == StreamEventKind.PeerStreamOpened && e.Stream!.Id == id).Stream!;

    [Fact]
    public void Connection_level_receive_counts_the_highest_offset_per_stream_not_bytes_delivered()
    {
        var (_, server) = Pair(server: Settings(connectionWindow: 1000));
        AssertOk(server.OnStreamFrame(0, 500, new byte[10], false));
        Assert.Equal(510, server.ConnectionBytesReceived);
        AssertOk(server.OnStreamFrame(0, 0, new byte[100], false));
        AssertOk(server.OnStreamFrame(0, 0, new byte[100], false));
        Assert.Equal(510, server.ConnectionBytesReceived);
        AssertOk(server.OnStreamFrame(4, 0, new byte[490], false));
        Assert.Equal(1000, server.ConnectionBytesReceived);
        AssertError(TransportErrorCode.FlowControlError, server.OnStreamFrame(8, 0, new byte[1], false));
        // A reset's final size counts as received, too; its unread bytes return credit at once.
        var (_, other) = Pair(server: Settings(connectionWindow: 1000));
        AssertOk(other.OnResetStream(0, 1, 600));
        Assert.Equal(600, other.ConnectionBytesReceived);
        Assert.Equal(600, other.ConnectionBytesConsumed);
        Assert.Equal(1600, other.ConnectionReceiveLimit);
        AssertError(TransportErrorCode.FlowControlError, other.OnResetStream(4, 1, 1001));
    }

    [Fact]
    public void Stream_data_beyond_MAX_STREAM_DATA_is_FLOW_CONTROL_ERROR()
    {
        var (_, server) = Pair(server: Settings(streamWindow: 100));
        AssertOk(server.OnStreamFrame(0, 0, new byte[100], false));
        AssertError(TransportErrorCode.FlowControlError, server.OnStreamFrame(0, 100, new byte[1], false));
        AssertError(TransportErrorCode.FlowControlError, server.OnStreamFrame(4, 50, new byte[51], true));
    }

    [Fact]
    public void Final_size_violations_through_the_manager_are_FINAL_SIZE_ERROR()
    {
        var (_, server) = Pair();
        AssertOk(server.OnStreamFrame(0, 0, new byte[10], true));
        AssertError(TransportErrorCode.FinalSizeError, server.OnStreamFrame(0, 0, new byte[11], true));
        AssertError(TransportErrorCode.FinalSizeError, server.OnStreamFrame(0, 10, new byte[1], false));
        AssertError(TransportErrorCode.FinalSizeError, server.OnResetStream(0, 0, 9));
        AssertOk(server.OnStreamFrame(4, 0, new byte[10], false));
        AssertError(TransportErrorCode.FinalSizeError, server.OnResetStream(4, 0, 5));
        AssertOk(server.OnResetStream(4, 0, 20));
        AssertError(TransportErrorCode.FinalSizeError, server.OnStreamFrame(4, 15, new byte[6], false));
        AssertError(TransportErrorCode.FinalSizeError, server.OnResetStream(4, 0, 21));
    }

    [Fact]
    public void MAX_STREAM_DATA_and_MAX_DATA_go_out_once_half_the_window_is_consumed()
    {
        var (_, server) = Pair(server: Settings(streamWindow: 1000, connectionWindow: 4000, maxStreamWindow: 1000, maxConnectionWindow: 4000));
        AssertOk(server.OnStreamFrame(0, 0, new byte[1000], false));
        QuicStream s = OpenedPeerStream(server, 0);
        server.Consume(s, 499, 0, 0);
        Assert.Empty(TakeControlFrames(server));
        server.Consume(s, 1, 0, 0);
        Assert.Equal(new[] { StreamControlFrame.MaxStreamData(0, 1500) }, TakeControlFrames(server));
        server.Consume(s, 500, 0, 0);
        var frames = TakeControlFrames(server);
        Assert.Equal(new[] { StreamControlFrame.MaxStreamData(0, 2000) }, frames);
        // Lost: resent only while it is the latest value.
        server.OnControlFrameLost(frames[0]);
        Assert.Equal(frames, TakeControlFrames(server));
        for (int i = 1; i <= 3; i++)
        {
            AssertOk(server.OnStreamFrame(4 * i, 0, new byte[1000], false));
            server.Consume(OpenedPeerStream(server, 4 * i), 1000, 0, 0);
        }
        Assert.Contains(StreamControlFrame.MaxData(8000), TakeControlFrames(server));
    }

    [Fact]
    public void No_MAX_STREAM_DATA_once_the_final_size_is_known()
    {
        var (_, server) = Pair(server: Settings(streamWindow: 1000));
        AssertOk(server.OnStreamFrame(0, 0, new byte[900], true));
        server.Consume(OpenedPeerStream(server, 0), 900, 0, 0);
        Assert.DoesNotContain(TakeControlFrames(server), f => f.Kind == StreamControlFrameKind.MaxStreamData);
    }

    [Fact]
    public void STREAM_DATA_BLOCKED_and_DATA_BLOCKED_are_sent_once_per_limit()
    {
        var (client, _) = Pair(server: Settings(streamWindow: 100, connectionWindow: 150));
        Assert.True(client.TryOpenLocalStream(true, out QuicStream a));
        Assert.True(client.TryOpenLocalStream(true, out QuicStream b));
        client.Write(a, new byte[300], false);
        Assert.Equal(100, TakeStreamFrames(client).Sum(c => c.Length));
        Assert.Equal(new[] { StreamControlFrame.StreamDataBlocked(0, 100) }, TakeControlFrames(client));
        client.Write(b, new byte[300], false);
        Assert.Equal(50, TakeStreamFrames(client).Sum(c => c.Length));
        var frames = TakeControlFrames(client);
        Assert.Equal(new[] { StreamControlFrame.DataBlocked(150) }, frames);
        Assert.Empty(TakeControlFrames(client));
        client.OnControlFrameLost(frames[0]);
        Assert.Equal(frames, TakeControlFrames(client));
        client.OnMaxData(400);
        Assert.Equal(50, TakeStreamFrames(client).Sum(c => c.Length));
        Assert.Equal(new[] { StreamControlFrame.StreamDataBlocked(4, 100) }, TakeControlFrames(client));
        AssertOk(client.OnMaxStreamData(0, 250));
        Assert.Equal(new[] { new StreamChunk(0, 100, 150, false) }, TakeStreamFrames(client));
        Assert.Equal(new[] { StreamControlFrame.StreamDataBlocked(0, 250) }, TakeControlFrames(client));
    }

    [Fact]
    public void Peer_blocked_below_our_limit_gets_our_limit_again()
    {
        var (_, server) = Pair(server: Settings(streamWindow: 1000, connectionWindow: 1000));
        AssertOk(server.OnStreamFrame(0, 0, new byte[600], false));
        server.Consume(OpenedPeerStream(server, 0), 600, 0, 0);
        var sent = TakeControlFrames(server);
        Assert.Contains(StreamControlFrame.MaxStreamData(0, 1600), sent);
        Assert.Contains(StreamControlFrame.MaxData(1600), sent);
        AssertOk(server.OnStreamDataBlocked(0, 1000));
        server.OnDataBlocked(1000);
        sent = TakeControlFrames(server);
        Assert.Contains(StreamControlFrame.MaxStreamData(0, 1600), sent);
        Assert.Contains(StreamControlFrame.MaxData(1600), sent);
        AssertOk(server.OnStreamDataBlocked(0, 1600));
        Assert.Empty(TakeControlFrames(server));
    }

    [Fact]
    public void Auto_tuning_doubles_the_window_when_the_application_drains_it_within_two_RTTs()
    {
        const long rtt = 10_000;
        var (_, server) = Pair(server: Settings(streamWindow: 1000, connectionWindow: 1 << 20, maxStreamWindow: 8000));
        AssertOk(server.OnStreamFrame(0, 0, new byte[1], false));
        QuicStream s = OpenedPeerStream(server, 0);
        long offset = 1, now = 0;
        var windows = new List<long>();
        // Fast reader: half a window consumed every quarter RTT.
        for (int i = 0; i < 40; i++)
        {
            long limit = s.Receive!.CreditLimit;
            int length = (int)(limit - offset);
            AssertOk(server.OnStreamFrame(0, offset, new byte[length], false));
            offset = limit;
            server.Consume(s, s.Receive.ReadableLength, now, rtt);
            now += rtt / 4;
            windows.Add(s.Receive.Window);
        }
        Assert.Equal(1000, windows[0]);
        Assert.Equal(8000, windows[^1]);
        Assert.True(windows.Zip(windows.Skip(1)).All(p => p.Second == p.First || p.Second == Math.Min(2 * p.First, 8000)));
        // The connection window is kept at least 1.5x the stream window.
        Assert.True(server.ConnectionReceiveWindow >= 12000);
    }

    [Fact]
    public void A_slow_reader_does_not_grow_the_window()
    {
        const long rtt = 10_000;
        var (_, server) = Pair(server: Settings(streamWindow: 1000, maxStreamWindow: 8000));
        AssertOk(server.OnStreamFrame(0, 0, new byte[1], false));
        QuicStream s = OpenedPeerStream(server, 0);
        long offset = 1, now = 0;
        for (int i = 0; i < 20; i++)
        {
            long limit = s.Receive!.CreditLimit;
            AssertOk(server.OnStreamFrame(0, offset, new byte[limit - offset], false));
            offset = limit;
            server.Consume(s, s.Receive.ReadableLength, now, rtt);
            now += 3 * rtt;
        }
        Assert.Equal(1000, s.Receive!.Window);
    }

    [Fact]
    public void Scattered_tiny_fragments_beyond_a_sane_count_are_refused()
    {
        var (_, server) = Pair(server: Settings(streamWindow: 64 * 1024));
        QuicError error = QuicError.None;
        int sent = 0;
        for (int offset = 1; offset < 64 * 1024 && !error.IsError; offset += 2, sent++)
            error = server.OnStreamFrame(0, offset, new byte[1], false);
        AssertError(TransportErrorCode.ProtocolViolation, error);
        Assert.Equal(64 + 64 * 1024 / 256 + 1, sent);
        // Real loss patterns stay far below the limit: 1200-byte packets with every other one missing.
        var (_, other) = Pair(server: Settings(streamWindow: 64 * 1024));
        for (int offset = 0; offset + 1200 <= 64 * 1024; offset += 2400)
            AssertOk(other.OnStreamFrame(0, offset, new byte[1200], false));
    }
}
