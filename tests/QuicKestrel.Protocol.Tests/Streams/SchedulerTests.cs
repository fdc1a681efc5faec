using QuicKestrel.Protocol.Streams;
using static QuicKestrel.Protocol.Tests.Streams.StreamTestKit;

namespace QuicKestrel.Protocol.Tests.Streams;

/// <summary>Priority order (higher first) with round-robin inside a priority, over the manager's send queue.</summary>
public class SchedulerTests
{
    private static (StreamManager Client, QuicStream[] Streams) ClientWithStreams(int count, int bytesEach, ushort[]? priorities = null)
    {
        var (client, _) = Pair();
        var streams = new QuicStream[count];
        for (int i = 0; i < count; i++)
        {
            Assert.True(client.TryOpenLocalStream(true, out streams[i]));
            if (priorities is not null)
                client.SetPriority(streams[i], priorities[i]);
            client.Write(streams[i], new byte[bytesEach], fin: true);
        }
        return (client, streams);
    }

    private static long[] Order(StreamManager m, int maxLength = 100, int maxFrames = 1000) =>
        TakeStreamFrames(m, maxLength, maxFrames).Select(c => c.StreamId).ToArray();

    [Fact]
    public void Equal_priority_streams_take_turns_frame_by_frame()
    {
        var (client, _) = ClientWithStreams(3, 300);
        Assert.Equal(new long[] { 0, 4, 8, 0, 4, 8, 0, 4, 8 }, Order(client));
        Assert.False(client.HasSendableStreamData);
    }

    [Fact]
    public void Higher_priority_goes_first_and_equal_ones_round_robin()
    {
        var (client, _) = ClientWithStreams(4, 200, new ushort[] { 0x7FFF, 0xFFFF, 0x7FFF, 0 });
        Assert.Equal(new long[] { 4, 4, 0, 8, 0, 8, 12, 12 }, Order(client));
    }

    [Fact]
    public void Changing_priority_reorders_pending_streams()
    {
        var (client, s) = ClientWithStreams(3, 300);
        Assert.Equal(new long[] { 0, 4 }, Order(client, maxFrames: 2));
        client.SetPriority(s[2], 0x9000);
        Assert.Equal(new long[] { 8, 8, 8, 0, 4, 0, 4 }, Order(client));
        Assert.Equal(QuicStream.DefaultPriority, s[0].Priority);
    }

    [Fact]
    public void A_stream_with_new_data_joins_behind_its_priority_group()
    {
        var (client, s) = ClientWithStreams(2, 200);
        Assert.Equal(new long[] { 0 }, Order(client, maxFrames: 1));
        Assert.True(client.TryOpenLocalStream(true, out QuicStream late));
        client.Write(late, new byte[200], fin: true);
        Assert.Equal(new long[] { 4, 0, 8, 4, 8 }, Order(client));
        _ = s;
    }

    [Fact]
    public void Lost_data_is_resent_in_the_streams_turn_and_before_its_new_data()
    {
        var (client, _) = ClientWithStreams(2, 300);
        var first = TakeStreamFrames(client, 100, 2);
        client.OnStreamFrameLost(first[0]);
        var next = TakeStreamFrames(client, 100, 3);
        Assert.Equal(new[] { new StreamChunk(0, 0, 100, false), new StreamChunk(4, 100, 100, false), new StreamChunk(0, 100, 100, false) }, next);
    }

    [Fact]
    public void Connection_blocked_streams_still_retransmit_and_send_a_lone_fin()
    {
        var (client, _) = Pair(server: Settings(connectionWindow: 250));
        Assert.True(client.TryOpenLocalStream(true, out QuicStream a));
        Assert.True(client.TryOpenLocalStream(true, out QuicStream b));
        Assert.True(client.TryOpenLocalStream(true, out QuicStream c));
        client.Write(a, new byte[200], fin: false);
        client.Write(b, new byte[200], fin: false);
        var sent = TakeStreamFrames(client, 100);
        Assert.Equal(250, sent.Sum(x => x.Length));
        Assert.Equal(0, client.ConnectionSendCredit);
        Assert.False(client.HasSendableStreamData);
        client.Write(c, ReadOnlySpan<byte>.Empty, fin: true);
        client.OnStreamFrameLost(sent[0]);
        Assert.True(client.HasSendableStreamData);
        var resent = TakeStreamFrames(client, 100);
        Assert.Equal(new[] { sent[0], new StreamChunk(8, 0, 0, true) }, resent);
        Assert.False(client.HasSendableStreamData);
    }

    [Fact]
    public void Streams_without_stream_credit_leave_the_queue_until_MAX_STREAM_DATA()
    {
        var (client, _) = Pair(server: Settings(streamWindow: 100));
        Assert.True(client.TryOpenLocalStream(true, out QuicStream a));
        Assert.True(client.TryOpenLocalStream(true, out QuicStream b));
        client.Write(a, new byte[300], false);
        client.Write(b, new byte[100], false);
        Assert.Equal(new long[] { 0, 4 }, Order(client, maxLength: 1000));
        Assert.False(client.HasSendableStreamData);
        AssertOk(client.OnMaxStreamData(0, 300));
        Assert.Equal(new long[] { 0 }, Order(client, maxLength: 1000));
        _ = b;
    }
}
