using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Protocol.Tests.Api.Loopback;

/// <summary>QUIC_STREAM_OPEN_FLAG_DELAY_ID_FC_UPDATES: the peer's stream credit comes back at StreamClose, not at shutdown.</summary>
public class StreamCreditTests
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(500);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Credit_for_a_peer_stream_returns_at_StreamClose_only_with_DELAY_ID_FC_UPDATES(bool delay)
    {
        using Loopback loopback = Loopback.Create(serverSettings: new QuicSettings { PeerBidiStreamCount = 1 });
        loopback.ConfigureServerConnection = server =>
        {
            server.PeerStreamExtraFlags = delay ? QuicStreamOpenFlags.DelayIdFcUpdates : QuicStreamOpenFlags.None;
            server.ConfigurePeerStream = s => s.Echo = true;
        };
        (ConnectionPeer client, ConnectionPeer server) = loopback.Connect();
        StreamPeer first = loopback.OpenStream(client);
        loopback.Api.StreamStart(first.Handle, QuicStreamStartFlags.None);
        loopback.Api.StreamSend(first.Handle, new QuicBuffer[] { new byte[8] }, QuicSendFlags.Fin, null);
        first.WaitFor(QuicStreamEventType.ShutdownComplete);
        StreamPeer serverSide = server.PeerStreams.WaitFor(_ => true, "the peer stream");
        serverSide.WaitFor(QuicStreamEventType.ShutdownComplete);

        StreamPeer second = loopback.OpenStream(client);
        loopback.Api.StreamStart(second.Handle, QuicStreamStartFlags.None);
        if (delay)
        {
            // Both sides are done, yet the server keeps the ID until the application closes the stream.
            Assert.True(second.Events.StaysWithout(_ => true, Quiet));
            loopback.Api.StreamClose(serverSide.Handle);
        }
        QuicStreamEvent started = second.WaitFor(QuicStreamEventType.StartComplete);
        Assert.Equal(QuicStatus.Success, started.StartComplete.Status);
        Assert.Equal(4UL, started.StartComplete.ID);
        Assert.True(client.Has(QuicConnectionEventType.StreamsAvailable));
    }

    [Fact]
    public void StreamClose_after_SHUTDOWN_COMPLETE_returns_while_the_worker_is_busy_and_still_returns_the_credit()
    {
        using var workerBlocked = new ManualResetEventSlim();
        using var releaseWorker = new ManualResetEventSlim();
        int peerStreams = 0;
        using Loopback loopback = Loopback.Create(serverSettings: new QuicSettings { PeerBidiStreamCount = 2 });
        loopback.ConfigureServerConnection = server =>
        {
            server.PeerStreamExtraFlags = QuicStreamOpenFlags.DelayIdFcUpdates;
            server.ConfigurePeerStream = s =>
            {
                s.Echo = true;
                if (Interlocked.Increment(ref peerStreams) == 2)
                    s.React = BlockOnFirstReceive(workerBlocked, releaseWorker);
            };
        };
        (ConnectionPeer client, ConnectionPeer server) = loopback.Connect();
        StreamPeer first = loopback.OpenStream(client);
        loopback.Api.StreamStart(first.Handle, QuicStreamStartFlags.None);
        loopback.Api.StreamSend(first.Handle, new QuicBuffer[] { new byte[8] }, QuicSendFlags.Fin, null);
        first.WaitFor(QuicStreamEventType.ShutdownComplete);
        StreamPeer serverSide = server.PeerStreams.WaitFor(_ => true, "the first peer stream");
        serverSide.WaitFor(QuicStreamEventType.ShutdownComplete);

        // The second stream's RECEIVE holds the server's worker inside the callback.
        StreamPeer second = loopback.OpenStream(client);
        loopback.Api.StreamStart(second.Handle, QuicStreamStartFlags.None);
        loopback.Api.StreamSend(second.Handle, new QuicBuffer[] { new byte[8] }, QuicSendFlags.None, null);
        Assert.True(workerBlocked.Wait(TimeSpan.FromSeconds(10)), "the second stream's RECEIVE never came");
        bool closedWhileBlocked;
        try
        {
            // As in MsQuic, closing a stream whose SHUTDOWN_COMPLETE was delivered does not wait for the worker.
            var close = new Thread(() => loopback.Api.StreamClose(serverSide.Handle)) { IsBackground = true };
            close.Start();
            closedWhileBlocked = close.Join(TimeSpan.FromSeconds(5));
        }
        finally
        {
            releaseWorker.Set();
        }
        Assert.True(closedWhileBlocked);
        Assert.Equal(QuicStatus.InvalidParameter, loopback.Api.StreamShutdown(serverSide.Handle, QuicStreamShutdownFlags.Graceful, 0));

        // The queued close still releases the ID: a third stream gets the first one's credit.
        StreamPeer third = loopback.OpenStream(client);
        loopback.Api.StreamStart(third.Handle, QuicStreamStartFlags.None);
        QuicStreamEvent started = third.WaitFor(QuicStreamEventType.StartComplete);
        Assert.Equal(QuicStatus.Success, started.StartComplete.Status);
        Assert.Equal(8UL, started.StartComplete.ID);
    }

    [Fact]
    public void StreamClose_after_SHUTDOWN_COMPLETE_allocates_nothing_on_the_calling_thread()
    {
        using Loopback loopback = Loopback.Create();
        loopback.ConfigureServerConnection = server =>
        {
            server.PeerStreamExtraFlags = QuicStreamOpenFlags.DelayIdFcUpdates;
            server.ConfigurePeerStream = s => s.Echo = true;
        };
        (ConnectionPeer client, ConnectionPeer server) = loopback.Connect();
        var allocated = new long[2];
        for (int i = 0; i < allocated.Length; i++)
        {
            StreamPeer stream = loopback.OpenStream(client);
            loopback.Api.StreamStart(stream.Handle, QuicStreamStartFlags.None);
            loopback.Api.StreamSend(stream.Handle, new QuicBuffer[] { new byte[8] }, QuicSendFlags.Fin, null);
            stream.WaitFor(QuicStreamEventType.ShutdownComplete);
            StreamPeer serverSide = server.PeerStreams.WaitFor(p => Array.IndexOf(server.PeerStreams.Snapshot(), p) == i, $"peer stream {i}");
            serverSide.WaitFor(QuicStreamEventType.ShutdownComplete);
            long before = GC.GetAllocatedBytesForCurrentThread();
            loopback.Api.StreamClose(serverSide.Handle);
            allocated[i] = GC.GetAllocatedBytesForCurrentThread() - before;
            loopback.Api.StreamClose(stream.Handle);
        }
        Assert.Equal(0, allocated[1]); // the first close warmed up the path
    }

    private static StreamReaction BlockOnFirstReceive(ManualResetEventSlim blocked, ManualResetEventSlim release) =>
        (QuicHandle _, ref QuicStreamEvent evt) =>
        {
            if (evt.Type == QuicStreamEventType.Receive && !blocked.IsSet)
            {
                blocked.Set();
                release.Wait(TimeSpan.FromSeconds(30));
            }
            return QuicStatus.Success;
        };

    [Fact]
    public void A_client_blocked_by_the_stream_limit_raises_PEER_NEEDS_STREAMS_on_the_server()
    {
        using Loopback loopback = Loopback.Create(serverSettings: new QuicSettings { PeerBidiStreamCount = 1 });
        (ConnectionPeer client, ConnectionPeer server) = loopback.Connect();
        for (int i = 0; i < 2; i++)
        {
            StreamPeer stream = loopback.OpenStream(client);
            loopback.Api.StreamStart(stream.Handle, QuicStreamStartFlags.None);
        }
        QuicConnectionEvent needs = server.WaitFor(QuicConnectionEventType.PeerNeedsStreams);
        Assert.True(needs.PeerNeedsStreams.Bidirectional);
    }
}
