using QuicKestrel.Protocol.Connection;
using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Streams;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Tests.Connection;

public sealed class StreamAbortTests
{
    [Fact]
    public void Abort_send_delivers_RESET_STREAM_with_the_error_code()
    {
        using var pair = new ConnectionPair(new PairOptions { Protection = PacketProtectionProvider.Null });
        pair.Handshake();
        pair.Client.StartStream(true, false, null, out QuicStream? stream);
        pair.Client.Write(stream!, StreamApp.Pattern(0, 5000), fin: false, pair.Now);
        pair.RunFor(100_000);
        pair.Client.ShutdownStream(stream!, StreamShutdownKind.AbortSend, 7, pair.Now);
        Assert.True(pair.RunUntil(() => pair.ServerEvents.Any(e => e.Kind == ConnectionEventKind.StreamPeerSendAborted), 1_000_000));
        ConnectionEvent aborted = pair.ServerEvents.First(e => e.Kind == ConnectionEventKind.StreamPeerSendAborted);
        Assert.Equal(7UL, aborted.ErrorCode);
        Assert.Equal(stream!.Id, aborted.Stream!.Id);
        SniffedFrame reset = FrameSniffer.All(pair).Single(f => f.Type == FrameType.ResetStream);
        Assert.Equal(7UL, reset.Value1);
        // The reset is acknowledged: our send side is complete, not gracefully.
        Assert.True(pair.RunUntil(() => pair.ClientEvents.Any(e => e.Kind == ConnectionEventKind.StreamSendShutdownComplete), 1_000_000));
        Assert.False(pair.ClientEvents.First(e => e.Kind == ConnectionEventKind.StreamSendShutdownComplete).Has(ConnectionEventFlags.Enabled));
    }

    [Fact]
    public void Abort_receive_sends_STOP_SENDING_and_the_peer_resets_with_that_code()
    {
        using var pair = new ConnectionPair(new PairOptions { Protection = PacketProtectionProvider.Null });
        pair.Handshake();
        pair.Client.StartStream(true, false, null, out QuicStream? stream);
        pair.Client.Write(stream!, StreamApp.Pattern(0, 100), fin: false, pair.Now);
        Assert.True(pair.RunUntil(() => pair.ServerEvents.Any(e => e.Kind == ConnectionEventKind.PeerStreamStarted), 1_000_000));
        QuicStream serverStream = pair.ServerEvents.First(e => e.Kind == ConnectionEventKind.PeerStreamStarted).Stream!;
        pair.Server!.ShutdownStream(serverStream, StreamShutdownKind.AbortReceive, 9, pair.Now);
        Assert.True(pair.RunUntil(() => pair.ClientEvents.Any(e => e.Kind == ConnectionEventKind.StreamPeerReceiveAborted), 1_000_000));
        Assert.Equal(9UL, pair.ClientEvents.First(e => e.Kind == ConnectionEventKind.StreamPeerReceiveAborted).ErrorCode);
        pair.RunFor(200_000);
        List<SniffedFrame> frames = FrameSniffer.All(pair);
        Assert.Contains(frames, f => !f.ToServer && f.Type == FrameType.StopSending && f.Value1 == 9);
        Assert.Contains(frames, f => f.ToServer && f.Type == FrameType.ResetStream && f.Value1 == 9);
    }

    [Fact]
    public void Disabled_receive_raises_no_data_event_until_enabled_again()
    {
        using var pair = new ConnectionPair(new PairOptions { Protection = PacketProtectionProvider.Null });
        pair.Handshake();
        pair.Client.StartStream(true, false, null, out QuicStream? stream);
        pair.Client.Write(stream!, "first"u8, false, pair.Now);
        Assert.True(pair.RunUntil(() => pair.ServerEvents.Any(e => e.Kind == ConnectionEventKind.StreamDataAvailable), 1_000_000));
        QuicStream serverStream = pair.ServerEvents.First(e => e.Kind == ConnectionEventKind.PeerStreamStarted).Stream!;
        pair.Server!.SetReceiveEnabled(serverStream, false, pair.Now);
        int before = pair.ServerEvents.Count(e => e.Kind == ConnectionEventKind.StreamDataAvailable);
        pair.Client.Write(stream!, "second"u8, true, pair.Now);
        pair.RunFor(500_000);
        Assert.Equal(before, pair.ServerEvents.Count(e => e.Kind == ConnectionEventKind.StreamDataAvailable));
        pair.Server.SetReceiveEnabled(serverStream, true, pair.Now);
        pair.RunFor(1_000);
        Assert.Equal(before + 1, pair.ServerEvents.Count(e => e.Kind == ConnectionEventKind.StreamDataAvailable));
        Assert.Equal(11, serverStream.Receive!.ReadableLength);
    }

    [Fact]
    public void Stream_frame_on_a_locally_initiated_unopened_stream_is_STREAM_STATE_ERROR()
    {
        using var pair = new ConnectionPair(new PairOptions { Protection = PacketProtectionProvider.Null });
        pair.Handshake();
        // STREAM for server-initiated stream 1, which the server never opened.
        PacketForger.SendOneRtt(pair, toServer: true, [0x0a, 0x01, 0x01, 0x61]);
        pair.RunFor(100_000);
        Assert.Equal((ulong)TransportErrorCode.StreamStateError, pair.Server!.CloseReason.ErrorCode);
    }
}
