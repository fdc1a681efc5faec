using QuicKestrel.Protocol.Streams;
using QuicKestrel.Protocol.Wire;
using static QuicKestrel.Protocol.Tests.Streams.StreamTestKit;

namespace QuicKestrel.Protocol.Tests.Streams;

public class StreamIdAndLimitTests
{
    [Fact]
    public void Id_bits_encode_initiator_and_direction()
    {
        Assert.Equal(StreamType.ClientBidirectional, StreamId.TypeOf(0));
        Assert.Equal(StreamType.ServerBidirectional, StreamId.TypeOf(1));
        Assert.Equal(StreamType.ClientUnidirectional, StreamId.TypeOf(2));
        Assert.Equal(StreamType.ServerUnidirectional, StreamId.TypeOf(7));
        Assert.Equal(9, StreamId.FromIndex(StreamType.ServerBidirectional, 2));
        Assert.True(StreamId.IsLocal(3, isServer: true));
        Assert.False(StreamId.CanReceive(2, isServer: false));
        Assert.False(StreamId.CanSend(2, isServer: true));
        Assert.True(StreamId.CanSend(1, isServer: false));
    }

    [Fact]
    public void Local_ids_are_allocated_in_order_per_type()
    {
        var (client, server) = Pair();
        long[] ids = new long[6];
        for (int i = 0; i < 3; i++)
        {
            Assert.True(client.TryOpenLocalStream(bidirectional: true, out QuicStream b));
            Assert.True(client.TryOpenLocalStream(bidirectional: false, out QuicStream u));
            ids[2 * i] = b.Id;
            ids[2 * i + 1] = u.Id;
        }
        Assert.Equal(new long[] { 0, 2, 4, 6, 8, 10 }, ids);
        Assert.True(server.TryOpenLocalStream(true, out QuicStream sb));
        Assert.True(server.TryOpenLocalStream(false, out QuicStream su));
        Assert.Equal((1L, 3L), (sb.Id, su.Id));
        Assert.Null(su.Receive);
        Assert.NotNull(sb.Receive);
    }

    [Fact]
    public void Opening_beyond_the_peer_limit_fails_and_sends_STREAMS_BLOCKED_once_per_limit()
    {
        var (client, _) = Pair(server: Settings(peerBidi: 2));
        Assert.True(client.TryOpenLocalStream(true, out _));
        Assert.True(client.TryOpenLocalStream(true, out _));
        Assert.Equal(0, client.AvailableLocalStreams(true));
        Assert.False(client.TryOpenLocalStream(true, out _));
        Assert.False(client.TryOpenLocalStream(true, out _));
        var frames = TakeControlFrames(client);
        Assert.Equal(new[] { StreamControlFrame.StreamsBlocked(true, 2) }, frames);
        Assert.Empty(TakeControlFrames(client));
        // Lost while still blocked at the same limit: sent again.
        client.OnControlFrameLost(frames[0]);
        Assert.Equal(new[] { StreamControlFrame.StreamsBlocked(true, 2) }, TakeControlFrames(client));

        AssertOk(client.OnMaxStreams(true, 3));
        Assert.Contains(DrainEvents(client), e => e.Kind == StreamEventKind.StreamsAvailable && e.Flag);
        Assert.True(client.TryOpenLocalStream(true, out QuicStream third));
        Assert.Equal(8, third.Id);
        Assert.False(client.TryOpenLocalStream(true, out _));
        Assert.Equal(new[] { StreamControlFrame.StreamsBlocked(true, 3) }, TakeControlFrames(client));
        // A stale loss report for the old limit changes nothing.
        client.OnControlFrameLost(frames[0]);
        Assert.Empty(TakeControlFrames(client));
        // MAX_STREAMS never lowers the limit.
        AssertOk(client.OnMaxStreams(true, 1));
        Assert.Equal(0, client.AvailableLocalStreams(true));
    }

    [Fact]
    public void Max_streams_values_above_2_pow_60_are_FRAME_ENCODING_ERROR()
    {
        var (client, _) = Pair();
        AssertOk(client.OnMaxStreams(false, 1L << 60));
        AssertError(TransportErrorCode.FrameEncodingError, client.OnMaxStreams(true, (1L << 60) + 1));
        AssertError(TransportErrorCode.FrameEncodingError, client.OnStreamsBlocked(true, (1L << 60) + 1));
    }

    [Fact]
    public void A_peer_stream_implicitly_opens_all_lower_streams_of_its_type_in_order()
    {
        var (_, server) = Pair();
        AssertOk(server.OnStreamFrame(8, 0, new byte[] { 1 }, false));
        var opened = DrainEvents(server).Where(e => e.Kind == StreamEventKind.PeerStreamOpened).Select(e => e.Stream!.Id).ToArray();
        Assert.Equal(new long[] { 0, 4, 8 }, opened);
        Assert.Equal(3, server.PeerStreamsOpened(true));
        AssertOk(server.OnStreamFrame(4, 0, new byte[] { 2 }, false));
        Assert.DoesNotContain(DrainEvents(server), e => e.Kind == StreamEventKind.PeerStreamOpened);
        AssertOk(server.OnStreamFrame(2, 0, new byte[] { 3 }, false));
        Assert.Equal(new long[] { 2 }, DrainEvents(server).Where(e => e.Kind == StreamEventKind.PeerStreamOpened).Select(e => e.Stream!.Id));
    }

    [Fact]
    public void A_peer_stream_beyond_our_limit_is_STREAM_LIMIT_ERROR()
    {
        var (_, server) = Pair(server: Settings(peerBidi: 3, peerUni: 0));
        AssertOk(server.OnStreamFrame(8, 0, new byte[1], false));
        AssertError(TransportErrorCode.StreamLimitError, server.OnStreamFrame(12, 0, new byte[1], false));
        AssertError(TransportErrorCode.StreamLimitError, server.OnResetStream(2, 0, 0));
        AssertError(TransportErrorCode.StreamLimitError, server.OnStopSending(12, 0));
    }

    [Fact]
    public void Frames_in_the_wrong_direction_or_for_unopened_local_streams_are_STREAM_STATE_ERROR()
    {
        var (client, server) = Pair();
        Assert.True(server.TryOpenLocalStream(false, out QuicStream serverUni)); // id 3: send-only for the server
        AssertError(TransportErrorCode.StreamStateError, server.OnStreamFrame(serverUni.Id, 0, new byte[1], false));
        AssertError(TransportErrorCode.StreamStateError, server.OnResetStream(serverUni.Id, 0, 0));
        AssertError(TransportErrorCode.StreamStateError, server.OnStreamDataBlocked(serverUni.Id, 0));
        // A client unidirectional stream is receive-only for the server.
        AssertError(TransportErrorCode.StreamStateError, server.OnStopSending(2, 0));
        AssertError(TransportErrorCode.StreamStateError, server.OnMaxStreamData(2, 100));
        // Locally initiated streams we have not opened yet.
        AssertError(TransportErrorCode.StreamStateError, client.OnStreamFrame(0, 0, new byte[1], false));
        AssertError(TransportErrorCode.StreamStateError, client.OnMaxStreamData(4, 10));
        AssertError(TransportErrorCode.StreamStateError, client.OnStopSending(0, 1));
        AssertError(TransportErrorCode.StreamStateError, client.OnResetStream(0, 1, 0));
        AssertError(TransportErrorCode.StreamStateError, server.OnStreamFrame(7, 0, new byte[1], false));
        Assert.True(client.TryOpenLocalStream(true, out _));
        AssertOk(client.OnStreamFrame(0, 0, new byte[1], false));
    }

    [Fact]
    public void Frames_for_a_finished_stream_are_ignored()
    {
        var (client, server) = Pair();
        AssertOk(server.OnStreamFrame(2, 0, new byte[3], true));
        var stream = DrainEvents(server).First(e => e.Kind == StreamEventKind.PeerStreamOpened).Stream!;
        server.Consume(stream, 3, 0, 0);
        Assert.True(stream.IsClosed);
        Assert.False(server.TryGetStream(2, out _));
        AssertOk(server.OnStreamFrame(2, 0, new byte[3], true));
        AssertOk(server.OnResetStream(2, 0, 3));
        Assert.DoesNotContain(DrainEvents(server), e => e.Kind == StreamEventKind.PeerStreamOpened);
        _ = client;
    }
}
