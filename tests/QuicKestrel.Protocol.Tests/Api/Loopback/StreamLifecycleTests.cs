using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Protocol.Tests.Api.Loopback;

/// <summary>MsQuic's stream life cycle: open allocates, start assigns the ID, SHUTDOWN_COMPLETE ends it.</summary>
public class StreamLifecycleTests
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);

    [Fact]
    public void No_stream_event_arrives_before_StreamStart_and_START_COMPLETE_comes_first()
    {
        using Loopback loopback = Loopback.Create();
        (ConnectionPeer client, _) = loopback.Connect();
        StreamPeer stream = loopback.OpenStream(client);

        Assert.True(stream.Events.StaysWithout(_ => true, Quiet));
        Assert.Equal(QuicStatus.InvalidState, loopback.Api.GetParam(stream.Handle, QuicParam.StreamId, out ulong _));

        Assert.Equal(QuicStatus.Pending, loopback.Api.StreamStart(stream.Handle, QuicStreamStartFlags.None));
        QuicStreamEvent started = stream.WaitFor(QuicStreamEventType.StartComplete);
        Assert.Equal(QuicStatus.Success, started.StartComplete.Status);
        Assert.Equal(0UL, started.StartComplete.ID); // the client's first bidirectional stream (RFC 9000 §2.1)
        Assert.True(started.StartComplete.PeerAccepted);
        Assert.Equal(QuicStreamEventType.StartComplete, stream.Types[0]);
        Assert.Equal(QuicStatus.Success, loopback.Api.GetParam(stream.Handle, QuicParam.StreamId, out ulong id));
        Assert.Equal(0UL, id);
        Assert.Equal(QuicStatus.InvalidState, loopback.Api.StreamStart(stream.Handle, QuicStreamStartFlags.None));
    }

    [Fact]
    public void FAIL_BLOCKED_at_the_peer_limit_gives_STREAM_LIMIT_REACHED_as_the_only_event()
    {
        using Loopback loopback = Loopback.Create(serverSettings: new QuicSettings { PeerBidiStreamCount = 1 });
        (ConnectionPeer client, _) = loopback.Connect();
        StreamPeer first = loopback.OpenStream(client);
        loopback.Api.StreamStart(first.Handle, QuicStreamStartFlags.FailBlocked);
        Assert.Equal(QuicStatus.Success, first.WaitFor(QuicStreamEventType.StartComplete).StartComplete.Status);

        StreamPeer second = loopback.OpenStream(client);
        Assert.Equal(QuicStatus.Pending, loopback.Api.StreamStart(second.Handle, QuicStreamStartFlags.FailBlocked));
        Assert.Equal(QuicStatus.StreamLimitReached, second.WaitFor(QuicStreamEventType.StartComplete).StartComplete.Status);
        Assert.True(second.Events.StaysWithout(e => e.Type != QuicStreamEventType.StartComplete, Quiet));
        loopback.Api.StreamClose(second.Handle);
    }

    [Fact]
    public void A_start_beyond_the_peer_limit_waits_for_credit_instead_of_failing()
    {
        using Loopback loopback = Loopback.Create(serverSettings: new QuicSettings { PeerBidiStreamCount = 1 });
        loopback.ConfigureServerConnection = server => server.ConfigurePeerStream = s => s.Echo = true;
        (ConnectionPeer client, _) = loopback.Connect();
        StreamPeer first = loopback.OpenStream(client);
        loopback.Api.StreamStart(first.Handle, QuicStreamStartFlags.None);
        StreamPeer second = loopback.OpenStream(client);
        loopback.Api.StreamStart(second.Handle, QuicStreamStartFlags.None);
        first.WaitFor(QuicStreamEventType.StartComplete);
        Assert.True(second.Events.StaysWithout(_ => true, Quiet));

        // The first stream ends both ways: the server returns its credit and the second starts.
        loopback.Api.StreamSend(first.Handle, new QuicBuffer[] { new byte[10] }, QuicSendFlags.Fin, null);
        first.WaitFor(QuicStreamEventType.ShutdownComplete);
        QuicStreamEvent started = second.WaitFor(QuicStreamEventType.StartComplete);
        Assert.Equal(QuicStatus.Success, started.StartComplete.Status);
        Assert.Equal(4UL, started.StartComplete.ID);
    }

    [Fact]
    public void Unidirectional_streams_reach_the_peer_as_unidirectional_and_cannot_be_answered()
    {
        using Loopback loopback = Loopback.Create();
        (ConnectionPeer client, ConnectionPeer server) = loopback.Connect();
        StreamPeer uni = loopback.OpenStream(client, QuicStreamOpenFlags.Unidirectional);
        loopback.Api.StreamStart(uni.Handle, QuicStreamStartFlags.None);
        loopback.Api.StreamSend(uni.Handle, new QuicBuffer[] { "one way"u8.ToArray() }, QuicSendFlags.Fin, null);
        Assert.Equal(2UL, uni.WaitFor(QuicStreamEventType.StartComplete).StartComplete.ID); // client-initiated unidirectional
        StreamPeer received = server.PeerStreams.WaitFor(_ => true, "a peer stream");
        Assert.True(received.OpenFlags.HasFlag(QuicStreamOpenFlags.Unidirectional));
        received.WaitFor(QuicStreamEventType.ShutdownComplete);
        Assert.Equal("one way"u8.ToArray(), received.Received);
        Assert.Equal(QuicStatus.InvalidState, loopback.Api.StreamSend(received.Handle, new QuicBuffer[] { new byte[1] }, QuicSendFlags.None, null));
        uni.WaitFor(QuicStreamEventType.ShutdownComplete);

        StreamPeer bidi = loopback.OpenStream(client);
        loopback.Api.StreamStart(bidi.Handle, QuicStreamStartFlags.None);
        loopback.Api.StreamSend(bidi.Handle, new QuicBuffer[] { new byte[3] }, QuicSendFlags.Fin, null);
        StreamPeer both = server.PeerStreams.WaitFor(s => s != received, "a second peer stream");
        Assert.False(both.OpenFlags.HasFlag(QuicStreamOpenFlags.Unidirectional));
        both.WaitFor(QuicStreamEventType.PeerSendShutdown);
        Assert.Equal(QuicStatus.Pending, loopback.Api.StreamSend(both.Handle, new QuicBuffer[] { new byte[5] }, QuicSendFlags.Fin, null));
        bidi.WaitForBytes(5);
    }

    [Fact]
    public void SHUTDOWN_COMPLETE_is_the_last_event_of_every_stream_and_connection()
    {
        using Loopback loopback = Loopback.Create();
        loopback.ConfigureServerConnection = server => server.ConfigurePeerStream = s => s.Echo = true;
        (ConnectionPeer client, ConnectionPeer server) = loopback.Connect();
        var streams = new List<StreamPeer>();
        for (int i = 0; i < 4; i++)
        {
            StreamPeer stream = loopback.OpenStream(client);
            loopback.Api.StreamStart(stream.Handle, QuicStreamStartFlags.None);
            loopback.Api.StreamSend(stream.Handle, new QuicBuffer[] { new byte[1000 * (i + 1)] }, i % 2 == 0 ? QuicSendFlags.Fin : QuicSendFlags.None, null);
            streams.Add(stream);
        }
        streams[0].WaitFor(QuicStreamEventType.ShutdownComplete);
        streams[1].WaitForBytes(2000);
        loopback.Api.ConnectionShutdown(client.Handle, QuicConnectionShutdownFlags.None, 42);
        client.WaitFor(QuicConnectionEventType.ShutdownComplete);
        server.WaitFor(QuicConnectionEventType.ShutdownComplete);

        foreach (StreamPeer stream in streams.Concat(server.PeerStreams.Snapshot()))
        {
            stream.WaitFor(QuicStreamEventType.ShutdownComplete);
            Assert.Equal(QuicStreamEventType.ShutdownComplete, stream.Types[^1]);
            Assert.Single(stream.Types, t => t == QuicStreamEventType.ShutdownComplete);
        }
        Assert.Equal(QuicConnectionEventType.ShutdownComplete, client.Types[^1]);
        Assert.Equal(QuicConnectionEventType.ShutdownComplete, server.Types[^1]);
        QuicStreamEvent aborted = streams[3].Events.Snapshot()[^1];
        Assert.True(aborted.ShutdownComplete.ConnectionShutdown);
        Assert.True(aborted.ShutdownComplete.ConnectionShutdownByApp);
        Assert.Equal(42UL, server.Events.Snapshot().First(e => e.Type == QuicConnectionEventType.ShutdownInitiatedByPeer).ShutdownInitiatedByPeer.ErrorCode);
        QuicStreamEvent serverSide = server.PeerStreams.Snapshot()[3].Events.Snapshot()[^1];
        Assert.True(serverSide.ShutdownComplete.ConnectionClosedRemotely);
        Assert.Equal(42UL, serverSide.ShutdownComplete.ConnectionErrorCode);
    }

    [Fact]
    public void A_never_started_stream_is_closed_after_its_connection_shut_down_without_any_event()
    {
        using Loopback loopback = Loopback.Create();
        (ConnectionPeer client, _) = loopback.Connect();
        StreamPeer idle = loopback.OpenStream(client);
        loopback.Api.ConnectionShutdown(client.Handle, QuicConnectionShutdownFlags.None, 0);
        client.WaitFor(QuicConnectionEventType.ShutdownComplete);
        loopback.Api.StreamClose(idle.Handle);
        Assert.Empty(idle.Events.Snapshot());
        Assert.Equal(QuicStatus.Aborted, loopback.Api.StreamOpen(client.Handle, QuicStreamOpenFlags.None, idle.Callback, null, out _));
        Assert.Equal(QuicStatus.InvalidParameter, loopback.Api.StreamStart(idle.Handle, QuicStreamStartFlags.None));
    }

    [Fact]
    public void StreamOpen_works_before_ConnectionStart_and_the_stream_starts_with_the_connection()
    {
        using Loopback loopback = Loopback.Create();
        loopback.ConfigureServerConnection = server => server.ConfigurePeerStream = s => s.Echo = true;
        ConnectionPeer client = loopback.OpenClient();
        StreamPeer early = loopback.OpenStream(client);
        Assert.Equal(QuicStatus.Pending, loopback.Api.StreamStart(early.Handle, QuicStreamStartFlags.None));
        Assert.Equal(QuicStatus.Pending, loopback.Api.StreamSend(early.Handle, new QuicBuffer[] { "early"u8.ToArray() }, QuicSendFlags.Fin, null));
        Assert.True(early.Events.StaysWithout(_ => true, Quiet));

        loopback.StartClient(client);
        Assert.Equal(QuicStatus.Success, early.WaitFor(QuicStreamEventType.StartComplete).StartComplete.Status);
        early.WaitFor(QuicStreamEventType.ShutdownComplete);
        Assert.Equal("early"u8.ToArray(), early.Received);
    }

    [Fact]
    public void Streams_started_on_a_connection_that_never_starts_fail_when_it_shuts_down()
    {
        using Loopback loopback = Loopback.Create(listen: false);
        ConnectionPeer client = loopback.OpenClient();
        StreamPeer stream = loopback.OpenStream(client);
        loopback.Api.StreamStart(stream.Handle, QuicStreamStartFlags.None);
        loopback.Api.ConnectionShutdown(client.Handle, QuicConnectionShutdownFlags.None, 0);
        Assert.Equal(QuicStatus.Aborted, stream.WaitFor(QuicStreamEventType.StartComplete).StartComplete.Status);
        client.WaitFor(QuicConnectionEventType.ShutdownComplete);
        Assert.Equal([QuicStreamEventType.StartComplete], stream.Types);
    }
}
