using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Protocol.Tests.Api.Loopback;

/// <summary>StreamShutdown: graceful FIN, aborts in either direction, and their events on both sides.</summary>
public class StreamShutdownTests
{
    private static (Loopback, StreamPeer Client, StreamPeer Server) Open()
    {
        Loopback loopback = Loopback.Create();
        (ConnectionPeer client, ConnectionPeer server) = loopback.Connect();
        StreamPeer stream = loopback.OpenStream(client);
        loopback.Api.StreamStart(stream.Handle, QuicStreamStartFlags.None);
        loopback.Api.StreamSend(stream.Handle, new QuicBuffer[] { new byte[100] }, QuicSendFlags.None, null);
        return (loopback, stream, server.PeerStreams.WaitFor(_ => true, "the peer stream"));
    }

    [Fact]
    public void Aborting_the_send_side_reaches_the_peer_as_PEER_SEND_ABORTED()
    {
        (Loopback loopback, StreamPeer client, StreamPeer server) = Open();
        using (loopback)
        {
            server.WaitForBytes(100);
            Assert.Equal(QuicStatus.Pending, loopback.Api.StreamShutdown(client.Handle, QuicStreamShutdownFlags.AbortSend, 0x77));
            Assert.Equal(0x77UL, server.WaitFor(QuicStreamEventType.PeerSendAborted).PeerSendAborted.ErrorCode);
            Assert.False(client.WaitFor(QuicStreamEventType.SendShutdownComplete).SendShutdownComplete.Graceful);
            Assert.Equal(QuicStatus.InvalidState, loopback.Api.StreamSend(client.Handle, new QuicBuffer[] { new byte[1] }, QuicSendFlags.None, null));
        }
    }

    [Fact]
    public void Aborting_the_receive_side_reaches_the_peer_as_PEER_RECEIVE_ABORTED()
    {
        (Loopback loopback, StreamPeer client, StreamPeer server) = Open();
        using (loopback)
        {
            server.WaitForBytes(100);
            loopback.Api.StreamShutdown(server.Handle, QuicStreamShutdownFlags.AbortReceive, 0x55);
            Assert.Equal(0x55UL, client.WaitFor(QuicStreamEventType.PeerReceiveAborted).PeerReceiveAborted.ErrorCode);
        }
    }

    [Fact]
    public void A_graceful_shutdown_ends_with_SEND_SHUTDOWN_COMPLETE_graceful_and_then_SHUTDOWN_COMPLETE()
    {
        (Loopback loopback, StreamPeer client, StreamPeer server) = Open();
        using (loopback)
        {
            loopback.Api.StreamShutdown(client.Handle, QuicStreamShutdownFlags.Graceful, 0);
            server.WaitFor(QuicStreamEventType.PeerSendShutdown);
            loopback.Api.StreamShutdown(server.Handle, QuicStreamShutdownFlags.Graceful, 0);
            Assert.True(client.WaitFor(QuicStreamEventType.SendShutdownComplete).SendShutdownComplete.Graceful);
            client.WaitFor(QuicStreamEventType.ShutdownComplete);
            QuicStreamEventType[] types = client.Types;
            Assert.True(Array.IndexOf(types, QuicStreamEventType.SendShutdownComplete) < Array.IndexOf(types, QuicStreamEventType.ShutdownComplete));
            Assert.Equal(QuicStreamEventType.ShutdownComplete, types[^1]);
            Assert.False(client.Events.Snapshot()[^1].ShutdownComplete.ConnectionShutdown);
        }
    }

    [Fact]
    public void An_immediate_abort_completes_the_stream_at_once()
    {
        (Loopback loopback, StreamPeer client, _) = Open();
        using (loopback)
        {
            Assert.Equal(QuicStatus.Pending, loopback.Api.StreamShutdown(client.Handle, QuicStreamShutdownFlags.Abort | QuicStreamShutdownFlags.Immediate, 9));
            client.WaitFor(QuicStreamEventType.ShutdownComplete);
            Assert.Single(client.Types, t => t == QuicStreamEventType.ShutdownComplete);
        }
    }

    [Fact]
    public void StreamClose_on_a_live_stream_aborts_it_and_delivers_SHUTDOWN_COMPLETE_with_AppCloseInProgress()
    {
        (Loopback loopback, StreamPeer client, StreamPeer server) = Open();
        using (loopback)
        {
            loopback.Api.StreamClose(client.Handle);
            QuicStreamEvent last = client.Events.Snapshot()[^1];
            Assert.Equal(QuicStreamEventType.ShutdownComplete, last.Type);
            Assert.True(last.ShutdownComplete.AppCloseInProgress);
            server.WaitFor(QuicStreamEventType.PeerSendAborted);
        }
    }
}
