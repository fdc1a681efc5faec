using QuicKestrel.Protocol.Streams;
using static QuicKestrel.Protocol.Tests.Streams.StreamTestKit;

namespace QuicKestrel.Protocol.Tests.Streams;

/// <summary>MAX_STREAMS credit goes back to the peer as its streams finish, or at release with DELAY_ID_FC_UPDATES.</summary>
public class StreamCreditRegrantTests
{
    // The peer's unidirectional stream 2 + 4i carries one byte and a FIN; we read it.
    private static QuicStream ReceiveAndReadUni(StreamManager server, long index, bool delay)
    {
        long id = StreamId.FromIndex(StreamType.ClientUnidirectional, index);
        AssertOk(server.OnStreamFrame(id, 0, new byte[] { 9 }, true));
        QuicStream stream = DrainEvents(server).First(e => e.Kind == StreamEventKind.PeerStreamOpened).Stream!;
        stream.DelayIdCreditRelease = delay;
        server.Consume(stream, 1, 0, 0);
        return stream;
    }

    [Fact]
    public void Credit_is_regranted_as_soon_as_a_peer_stream_finishes()
    {
        var (_, server) = Pair(server: Settings(peerUni: 2));
        Assert.Equal(2, server.PeerStreamLimitGranted(false));
        QuicStream s0 = ReceiveAndReadUni(server, 0, delay: false);
        Assert.True(s0.IsClosed);
        Assert.Equal(3, server.PeerStreamLimitGranted(false));
        Assert.Equal(new[] { StreamControlFrame.MaxStreams(false, 3) }, TakeControlFrames(server));
        ReceiveAndReadUni(server, 1, delay: false);
        ReceiveAndReadUni(server, 2, delay: false);
        Assert.Equal(new[] { StreamControlFrame.MaxStreams(false, 5) }, TakeControlFrames(server));
        // Releasing afterwards (StreamClose) gives nothing more.
        server.ReleaseStream(s0);
        Assert.Equal(5, server.PeerStreamLimitGranted(false));
    }

    [Fact]
    public void With_DELAY_ID_FC_UPDATES_credit_waits_for_the_application_to_release_the_stream()
    {
        var (_, server) = Pair(server: Settings(peerUni: 2));
        QuicStream s0 = ReceiveAndReadUni(server, 0, delay: true);
        Assert.True(s0.IsClosed);
        Assert.Contains(DrainEvents(server), e => e.Kind == StreamEventKind.StreamClosed && e.Stream == s0);
        Assert.Equal(2, server.PeerStreamLimitGranted(false));
        Assert.Empty(TakeControlFrames(server));
        server.ReleaseStream(s0);
        Assert.Equal(3, server.PeerStreamLimitGranted(false));
        Assert.Equal(new[] { StreamControlFrame.MaxStreams(false, 3) }, TakeControlFrames(server));
        server.ReleaseStream(s0);
        Assert.Equal(3, server.PeerStreamLimitGranted(false));
    }

    [Fact]
    public void Released_before_finishing_the_credit_returns_when_it_finishes()
    {
        var (_, server) = Pair(server: Settings(peerBidi: 1));
        AssertOk(server.OnStreamFrame(0, 0, new byte[] { 1 }, false));
        QuicStream s = DrainEvents(server).First(e => e.Kind == StreamEventKind.PeerStreamOpened).Stream!;
        s.DelayIdCreditRelease = true;
        server.ReleaseStream(s, abortErrorCode: 42);
        // Release aborts both directions: STOP_SENDING and RESET_STREAM go out.
        var frames = TakeControlFrames(server);
        Assert.Contains(StreamControlFrame.ResetStream(0, 42, 0), frames);
        Assert.Contains(StreamControlFrame.StopSending(0, 42), frames);
        Assert.Equal(1, server.PeerStreamLimitGranted(true));
        AssertOk(server.OnResetStream(0, 7, 1));
        server.OnControlFrameAcked(StreamControlFrame.ResetStream(0, 42, 0));
        Assert.True(s.IsClosed);
        Assert.Equal(2, server.PeerStreamLimitGranted(true));
    }

    [Fact]
    public void Lost_MAX_STREAMS_is_resent_only_if_still_the_latest()
    {
        var (_, server) = Pair(server: Settings(peerUni: 1));
        ReceiveAndReadUni(server, 0, delay: false);
        var first = TakeControlFrames(server).Single();
        ReceiveAndReadUni(server, 1, delay: false);
        var second = TakeControlFrames(server).Single();
        Assert.Equal(StreamControlFrame.MaxStreams(false, 3), second);
        server.OnControlFrameLost(first);
        Assert.Empty(TakeControlFrames(server));
        server.OnControlFrameLost(second);
        Assert.Equal(new[] { second }, TakeControlFrames(server));
    }

    [Fact]
    public void STREAMS_BLOCKED_from_the_peer_is_reported_and_answered_with_our_current_limit()
    {
        var (_, server) = Pair(server: Settings(peerBidi: 4));
        AssertOk(server.OnStreamsBlocked(true, 4));
        Assert.Contains(DrainEvents(server), e => e.Kind == StreamEventKind.PeerNeedsStreams && e.Flag);
        Assert.Empty(TakeControlFrames(server));
        server.SetPeerStreamCount(true, 10);
        Assert.Equal(new[] { StreamControlFrame.MaxStreams(true, 10) }, TakeControlFrames(server));
        AssertOk(server.OnStreamsBlocked(true, 4));
        Assert.Equal(new[] { StreamControlFrame.MaxStreams(true, 10) }, TakeControlFrames(server));
    }
}
