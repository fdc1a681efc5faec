using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Protocol.Tests.Api.Loopback;

/// <summary>RECEIVE: consume all, part (then paused until StreamReceiveSetEnabled), or PENDING + StreamReceiveComplete.</summary>
public class ReceiveTests
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);

    private static (Loopback Loopback, StreamPeer Client, StreamPeer Server) OpenPair(Action<StreamPeer> configureServerStream)
    {
        Loopback loopback = Loopback.Create();
        loopback.ConfigureServerConnection = server => server.ConfigurePeerStream = configureServerStream;
        (ConnectionPeer client, ConnectionPeer server) = loopback.Connect();
        StreamPeer stream = loopback.OpenStream(client);
        loopback.Api.StreamStart(stream.Handle, QuicStreamStartFlags.None);
        stream.WaitFor(QuicStreamEventType.StartComplete);
        loopback.Api.StreamSend(stream.Handle, new QuicBuffer[] { new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 } }, QuicSendFlags.None, null);
        StreamPeer received = server.PeerStreams.WaitFor(_ => true, "a peer stream");
        return (loopback, stream, received);
    }

    [Fact]
    public void Consuming_everything_keeps_receives_flowing()
    {
        (Loopback loopback, StreamPeer client, StreamPeer server) = OpenPair(_ => { });
        using (loopback)
        {
            server.WaitForBytes(10);
            loopback.Api.StreamSend(client.Handle, new QuicBuffer[] { new byte[] { 11, 12 } }, QuicSendFlags.Fin, null);
            server.WaitFor(QuicStreamEventType.PeerSendShutdown);
            Assert.Equal(Enumerable.Range(1, 12).Select(i => (byte)i).ToArray(), server.Received);
            QuicStreamEvent last = server.Events.Snapshot().Last(e => e.Type == QuicStreamEventType.Receive);
            Assert.True(last.Receive.Flags.HasFlag(QuicReceiveFlags.Fin));
        }
    }

    [Fact]
    public void Consuming_part_pauses_receives_until_StreamReceiveSetEnabled_then_the_rest_comes_again()
    {
        int receives = 0;
        var offsets = new List<ulong>();
        (Loopback loopback, StreamPeer client, StreamPeer server) = OpenPair(s => s.React = (QuicHandle _, ref QuicStreamEvent e) =>
        {
            if (e.Type == QuicStreamEventType.Receive && Interlocked.Increment(ref receives) == 1)
                e.Receive.TotalBufferLength = 4; // take 4 of the 10 bytes
            if (e.Type == QuicStreamEventType.Receive)
                lock (offsets)
                    offsets.Add(e.Receive.AbsoluteOffset);
            return QuicStatus.Success;
        });
        using (loopback)
        {
            server.WaitFor(QuicStreamEventType.Receive);
            loopback.Api.StreamSend(client.Handle, new QuicBuffer[] { new byte[] { 11 } }, QuicSendFlags.None, null);
            Assert.True(server.Events.StaysWithout(e => e.Type == QuicStreamEventType.Receive && e.Receive.AbsoluteOffset > 0, Quiet));
            Assert.Equal(1, Volatile.Read(ref receives));

            Assert.Equal(QuicStatus.Pending, loopback.Api.StreamReceiveSetEnabled(server.Handle, true));
            server.WaitForBytes(17);
            lock (offsets)
                Assert.Equal(4UL, offsets[1]); // the unconsumed bytes are delivered again
            // The recorder copies each delivery whole: 1..10 first, then 5..11 from offset 4.
            byte[] expected = [.. Enumerable.Range(1, 10).Select(i => (byte)i), .. Enumerable.Range(5, 7).Select(i => (byte)i)];
            Assert.Equal(expected, server.Received);
        }
    }

    [Fact]
    public void Consuming_part_with_CONTINUE_delivers_the_rest_at_once()
    {
        int receives = 0;
        (Loopback loopback, _, StreamPeer server) = OpenPair(s => s.React = (QuicHandle _, ref QuicStreamEvent e) =>
        {
            if (e.Type != QuicStreamEventType.Receive || Interlocked.Increment(ref receives) != 1)
                return QuicStatus.Success;
            e.Receive.TotalBufferLength = 3;
            return QuicStatus.Continue;
        });
        using (loopback)
        {
            server.Events.WaitFor(e => e.Type == QuicStreamEventType.Receive && e.Receive.AbsoluteOffset == 3, "the rest at offset 3");
            Assert.Equal(2, Volatile.Read(ref receives));
        }
    }

    [Fact]
    public void PENDING_keeps_the_buffers_until_StreamReceiveComplete()
    {
        ReadOnlyMemory<QuicBuffer> kept = default;
        var pended = new ManualResetEventSlim();
        int receives = 0;
        (Loopback loopback, StreamPeer client, StreamPeer server) = OpenPair(s => s.React = (QuicHandle _, ref QuicStreamEvent e) =>
        {
            if (e.Type != QuicStreamEventType.Receive || Interlocked.Increment(ref receives) != 1)
                return QuicStatus.Success;
            kept = e.Receive.Buffers;
            pended.Set();
            return QuicStatus.Pending;
        });
        using (loopback)
        {
            Assert.True(pended.Wait(EventLog<int>.DefaultTimeout));
            loopback.Api.StreamSend(client.Handle, new QuicBuffer[] { new byte[] { 11, 12 } }, QuicSendFlags.None, null);
            Assert.True(server.Events.StaysWithout(e => e.Type == QuicStreamEventType.Receive && e.Receive.AbsoluteOffset > 0, Quiet));
            byte[] held = kept.ToArray().SelectMany(b => b.Span.ToArray()).ToArray();
            Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, held); // still valid after the callback returned

            loopback.Api.StreamReceiveComplete(server.Handle, 10);
            QuicStreamEvent next = server.Events.WaitFor(e => e.Type == QuicStreamEventType.Receive && e.Receive.AbsoluteOffset == 10, "the next receive");
            Assert.Equal(2UL, next.Receive.TotalBufferLength);
        }
    }

    [Fact]
    public void A_FIN_without_data_arrives_as_an_empty_RECEIVE_then_PEER_SEND_SHUTDOWN()
    {
        (Loopback loopback, StreamPeer client, StreamPeer server) = OpenPair(_ => { });
        using (loopback)
        {
            server.WaitForBytes(10);
            loopback.Api.StreamShutdown(client.Handle, QuicStreamShutdownFlags.Graceful, 0);
            server.WaitFor(QuicStreamEventType.PeerSendShutdown);
            QuicStreamEventType[] types = server.Types;
            int fin = Array.FindLastIndex(types, t => t == QuicStreamEventType.Receive);
            Assert.True(server.Events.Snapshot()[fin].Receive.Flags.HasFlag(QuicReceiveFlags.Fin));
            Assert.True(Array.IndexOf(types, QuicStreamEventType.PeerSendShutdown) > fin);
        }
    }
}
