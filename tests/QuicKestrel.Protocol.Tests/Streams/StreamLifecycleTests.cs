using System.Text;
using QuicKestrel.Protocol.Streams;
using static QuicKestrel.Protocol.Tests.Streams.StreamTestKit;

namespace QuicKestrel.Protocol.Tests.Streams;

/// <summary>Stream state transitions (RFC 9000 §3, Figures 2 and 3) and the events they raise, through the manager.</summary>
public class StreamLifecycleTests
{
    private static void Exchange(StreamManager a, StreamManager b, int rounds = 10)
    {
        var link = new StreamLink(seed: 1);
        for (int i = 0; i < rounds && link.Round(a, b); i++)
        {
        }
        Assert.False(link.Error.IsError, link.Error.ToString());
    }

    private static string ReadAll(StreamManager m, QuicStream s)
    {
        var buffer = new byte[s.Receive!.ReadableLength];
        s.Receive.CopyReadable(buffer);
        m.Consume(s, buffer.Length, 0, 0);
        return Encoding.ASCII.GetString(buffer);
    }

    [Fact]
    public void Request_and_response_finish_gracefully_on_both_sides()
    {
        var (client, server) = Pair();
        Assert.True(client.TryOpenLocalStream(true, out QuicStream c));
        client.Write(c, "hello"u8, fin: true);
        Exchange(client, server);
        var serverEvents = DrainEvents(server);
        QuicStream s = serverEvents[0].Stream!;
        Assert.Equal(new[] { StreamEventKind.PeerStreamOpened, StreamEventKind.DataAvailable }, serverEvents.Select(e => e.Kind));
        Assert.True(s.Receive!.IsFinReadable);
        Assert.Equal("hello", ReadAll(server, s));
        Assert.Equal(ReceiveStreamState.DataRead, s.Receive.State);
        Assert.Contains(DrainEvents(client), e => e.Kind == StreamEventKind.SendShutdownComplete && e.Flag && e.Stream == c);
        server.Write(s, "world"u8, fin: true);
        Exchange(client, server);
        var serverDone = DrainEvents(server);
        Assert.Equal(new[] { StreamEventKind.SendShutdownComplete, StreamEventKind.StreamClosed }, serverDone.Select(e => e.Kind));
        Assert.True(serverDone[0].Flag);
        Assert.Equal(SendStreamState.DataRecvd, s.Send!.State);
        Assert.Equal(0, server.StreamCount);
        // The server's stream finished, so its MAX_STREAMS gave the client one more stream.
        Assert.Equal(new[] { StreamEventKind.DataAvailable, StreamEventKind.StreamsAvailable }, DrainEvents(client).Select(e => e.Kind));
        Assert.Equal(100, client.AvailableLocalStreams(true)); // limit 101, one opened
        Assert.Equal("world", ReadAll(client, c));
        Assert.Equal(new[] { StreamEventKind.StreamClosed }, DrainEvents(client).Select(e => e.Kind));
        Assert.Equal(0, client.StreamCount);
    }

    [Fact]
    public void STOP_SENDING_resets_the_send_side_with_the_peers_code()
    {
        var (client, server) = Pair();
        Assert.True(client.TryOpenLocalStream(true, out QuicStream c));
        client.Write(c, new byte[3000], fin: false);
        TakeStreamFrames(client, maxLength: 1000, maxFrames: 2);
        AssertOk(client.OnStopSending(c.Id, 0x1234));
        var events = DrainEvents(client);
        Assert.Equal(StreamEventKind.PeerReceiveAborted, events.Single().Kind);
        Assert.Equal(0x1234ul, events[0].ErrorCode);
        Assert.Equal(SendStreamState.ResetSent, c.Send!.State);
        Assert.Equal(new[] { StreamControlFrame.ResetStream(c.Id, 0x1234, 2000) }, TakeControlFrames(client));
        Assert.False(client.TryPeekStreamFrame(out _));
        // A second STOP_SENDING changes nothing.
        AssertOk(client.OnStopSending(c.Id, 1));
        Assert.Empty(DrainEvents(client));
        client.OnControlFrameAcked(StreamControlFrame.ResetStream(c.Id, 0x1234, 2000));
        var done = DrainEvents(client).Single();
        Assert.Equal((StreamEventKind.SendShutdownComplete, false), (done.Kind, done.Flag));
        Assert.Equal(SendStreamState.ResetRecvd, c.Send.State);
    }

    [Fact]
    public void Peer_reset_is_reported_then_Reset_Read_once_polled()
    {
        var (_, server) = Pair();
        AssertOk(server.OnStreamFrame(2, 0, new byte[10], false));
        AssertOk(server.OnResetStream(2, 0x55, 20));
        var events = new List<StreamEvent>();
        Assert.True(server.TryPollEvent(out StreamEvent opened));
        QuicStream s = opened.Stream!;
        Assert.True(server.TryPollEvent(out StreamEvent data));
        Assert.Equal(StreamEventKind.DataAvailable, data.Kind);
        Assert.Equal(0, s.Receive!.ReadableLength);
        Assert.Equal(ReceiveStreamState.ResetRecvd, s.Receive.State);
        Assert.True(server.TryPollEvent(out StreamEvent aborted));
        Assert.Equal((StreamEventKind.PeerSendAborted, 0x55ul), (aborted.Kind, aborted.ErrorCode));
        Assert.Equal(ReceiveStreamState.ResetRead, s.Receive.State);
        Assert.True(server.TryPollEvent(out StreamEvent closed));
        Assert.Equal(StreamEventKind.StreamClosed, closed.Kind);
        Assert.True(s.IsClosed);
    }

    [Fact]
    public void Aborting_reads_sends_STOP_SENDING_until_the_peer_resets()
    {
        var (_, server) = Pair();
        AssertOk(server.OnStreamFrame(2, 0, new byte[10], false));
        QuicStream s = DrainEvents(server)[0].Stream!;
        server.AbortReceive(s, 0x99);
        var frames = TakeControlFrames(server);
        Assert.Equal(new[] { StreamControlFrame.StopSending(2, 0x99) }, frames);
        server.OnControlFrameLost(frames[0]);
        Assert.Equal(frames, TakeControlFrames(server));
        Assert.Equal(10, server.ConnectionBytesConsumed);
        AssertOk(server.OnResetStream(2, 0x99, 50));
        Assert.Equal(50, server.ConnectionBytesConsumed);
        server.OnControlFrameLost(frames[0]);
        Assert.DoesNotContain(TakeControlFrames(server), f => f.Kind == StreamControlFrameKind.StopSending);
        // No PEER_SEND_ABORTED for a stream the application already abandoned.
        Assert.Equal(new[] { StreamEventKind.StreamClosed }, DrainEvents(server).Select(e => e.Kind));
    }

    [Fact]
    public void Ready_to_Send_on_STREAM_DATA_BLOCKED()
    {
        var (client, _) = Pair(server: Settings(streamWindow: 0));
        Assert.True(client.TryOpenLocalStream(false, out QuicStream c));
        client.Write(c, new byte[10], fin: true);
        Assert.False(client.TryPeekStreamFrame(out _));
        Assert.Equal(SendStreamState.Ready, c.Send!.State);
        Assert.Equal(new[] { StreamControlFrame.StreamDataBlocked(c.Id, 0) }, TakeControlFrames(client));
        Assert.Equal(SendStreamState.Send, c.Send.State);
    }

    [Fact]
    public void Peer_bidi_stream_is_created_by_MAX_STREAM_DATA_or_STOP_SENDING_with_its_send_part_Ready()
    {
        var (_, server) = Pair();
        AssertOk(server.OnMaxStreamData(0, 100_000));
        QuicStream s0 = DrainEvents(server).Single().Stream!;
        Assert.Equal(SendStreamState.Ready, s0.Send!.State);
        Assert.Equal(100_000, s0.Send.CreditLimit);
        AssertOk(server.OnMaxStreamData(0, 5000));
        Assert.Equal(100_000, s0.Send.CreditLimit);
        Assert.Equal(ReceiveStreamState.Recv, s0.Receive!.State);
        AssertOk(server.OnStopSending(4, 7));
        var events = DrainEvents(server);
        Assert.Equal(new[] { StreamEventKind.PeerStreamOpened, StreamEventKind.PeerReceiveAborted }, events.Select(e => e.Kind));
        Assert.Equal(new[] { StreamControlFrame.ResetStream(4, 7, 0) }, TakeControlFrames(server));
        AssertOk(server.OnStreamDataBlocked(8, 0));
        Assert.Equal(ReceiveStreamState.Recv, DrainEvents(server).Single().Stream!.Receive!.State);
    }

    [Fact]
    public void DataAvailable_is_reported_once_until_polled()
    {
        var (_, server) = Pair();
        AssertOk(server.OnStreamFrame(2, 0, new byte[10], false));
        AssertOk(server.OnStreamFrame(2, 10, new byte[10], false));
        AssertOk(server.OnStreamFrame(2, 30, new byte[10], false));
        Assert.Equal(new[] { StreamEventKind.PeerStreamOpened, StreamEventKind.DataAvailable }, DrainEvents(server).Select(e => e.Kind));
        AssertOk(server.OnStreamFrame(2, 25, new byte[2], false));
        Assert.Empty(DrainEvents(server));
        AssertOk(server.OnStreamFrame(2, 20, new byte[5], false));
        Assert.Equal(new[] { StreamEventKind.DataAvailable }, DrainEvents(server).Select(e => e.Kind));
    }

    [Fact]
    public void A_blocked_writer_is_told_when_buffer_space_returns()
    {
        var (client, _) = Pair(client: Settings(sendBuffer: 1000));
        Assert.True(client.TryOpenLocalStream(false, out QuicStream c));
        Assert.Equal(1000, client.Write(c, new byte[1500], fin: true));
        var chunks = TakeStreamFrames(client, maxLength: 400);
        client.OnStreamFrameAcked(chunks[1]);
        Assert.Empty(DrainEvents(client));
        client.OnStreamFrameAcked(chunks[0]);
        Assert.Equal(StreamEventKind.SendBufferAvailable, DrainEvents(client).Single().Kind);
        Assert.Equal(500, client.Write(c, new byte[500], fin: true));
    }

    [Fact]
    public void Released_stream_aborts_open_directions_and_finishes()
    {
        var (client, _) = Pair();
        Assert.True(client.TryOpenLocalStream(true, out QuicStream c));
        client.Write(c, new byte[100], fin: false);
        TakeStreamFrames(client);
        client.ReleaseStream(c, 3);
        var frames = TakeControlFrames(client);
        Assert.Contains(StreamControlFrame.ResetStream(0, 3, 100), frames);
        Assert.Contains(StreamControlFrame.StopSending(0, 3), frames);
        AssertOk(client.OnResetStream(0, 3, 0));
        client.OnControlFrameAcked(StreamControlFrame.ResetStream(0, 3, 100));
        Assert.True(c.IsClosed);
    }

    [Fact]
    public void Segments_handed_to_the_application_survive_a_reset_until_the_receive_completes()
    {
        var (_, server) = Pair(server: Settings(chunkSize: 16));
        byte[] data = Enumerable.Range(0, 40).Select(i => (byte)i).ToArray();
        AssertOk(server.OnStreamFrame(2, 0, data, false));
        QuicStream s = DrainEvents(server)[0].Stream!;
        server.BeginDelivery(s);
        var segments = new ReadOnlyMemory<byte>[4];
        int count = s.Receive!.GetReadableSegments(segments);
        // PENDING: the application keeps the segments; meanwhile the peer resets the stream.
        AssertOk(server.OnResetStream(2, 1, 40));
        DrainEvents(server);
        Assert.True(s.IsClosed);
        Assert.Equal(3, s.Receive.BufferedChunks);
        // Other streams reuse pooled chunks; ours must not have been handed out.
        AssertOk(server.OnStreamFrame(6, 0, Enumerable.Repeat((byte)0xEE, 64).ToArray(), false));
        Assert.Equal(data, segments.Take(count).SelectMany(m => m.ToArray()).ToArray());
        server.Consume(s, 40, 0, 0); // StreamReceiveComplete
        Assert.Equal(0, s.Receive.BufferedChunks);
    }

    [Fact]
    public void Completing_a_delivery_after_an_abort_is_harmless()
    {
        var (_, server) = Pair();
        AssertOk(server.OnStreamFrame(0, 0, new byte[100], false));
        QuicStream s = DrainEvents(server)[0].Stream!;
        server.BeginDelivery(s);
        server.AbortReceive(s, 5);
        Assert.True(s.Receive!.BufferedChunks > 0);
        server.Consume(s, 100, 0, 0);
        Assert.Equal(0, s.Receive.BufferedChunks);
        Assert.Equal(100, server.ConnectionBytesConsumed);
    }

    [Fact]
    public void RESET_STREAM_as_the_first_frame_creates_the_stream_and_resets_it()
    {
        var (_, server) = Pair();
        AssertOk(server.OnResetStream(6, 0x21, 300));
        var events = DrainEvents(server);
        Assert.Equal(new[] { StreamEventKind.PeerStreamOpened, StreamEventKind.PeerStreamOpened, StreamEventKind.PeerSendAborted, StreamEventKind.StreamClosed },
            events.Select(e => e.Kind));
        Assert.Equal(new long[] { 2, 6 }, events.Take(2).Select(e => e.Stream!.Id));
        Assert.Equal(ReceiveStreamState.ResetRead, events[2].Stream!.Receive!.State);
        Assert.Equal(300, server.ConnectionBytesReceived);
        Assert.Equal(300, server.ConnectionBytesConsumed);
    }
}
