using QuicKestrel.Protocol.Streams;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Tests.Streams;

public class DatagramSendQueueTests
{
    private static DatagramSendQueue Enabled(int capacity = 4, long peerMax = 1200, long pathMax = 1200)
    {
        var q = new DatagramSendQueue(capacity);
        q.SetPeerMaxFrameSize(peerMax);
        q.SetPathMaxFrameSize(pathMax);
        while (q.TryPollEvent(out _))
        {
        }
        return q;
    }

    private static List<DatagramEvent> Events(DatagramSendQueue q)
    {
        var list = new List<DatagramEvent>();
        while (q.TryPollEvent(out DatagramEvent e))
            list.Add(e);
        return list;
    }

    [Fact]
    public void Max_send_length_accounts_for_the_frame_type_and_length_field()
    {
        Assert.Equal(1197, DatagramLimits.MaxPayloadForFrameSize(1200));
        Assert.Equal(62, DatagramLimits.MaxPayloadForFrameSize(64));
        Assert.Equal(63, DatagramLimits.MaxPayloadForFrameSize(65));
        Assert.Equal(0, DatagramLimits.MaxPayloadForFrameSize(0));
        Assert.Equal(65530, DatagramLimits.MaxPayloadForFrameSize(65535));
    }

    [Fact]
    public void Sending_is_disabled_until_the_peer_allows_datagrams_and_the_state_change_is_reported()
    {
        var q = new DatagramSendQueue(4);
        Assert.False(q.SendEnabled);
        Assert.Equal(DatagramEnqueueResult.NotEnabled, q.Enqueue(new byte[10], "a"));
        q.SetPeerMaxFrameSize(65535);
        q.SetPathMaxFrameSize(1200);
        var states = Events(q).Where(e => e.Kind == DatagramEventKind.StateChanged).ToList();
        Assert.Equal((true, 1197), (states[^1].SendEnabled, states[^1].MaxSendLength));
        Assert.Equal(DatagramEnqueueResult.TooLarge, q.Enqueue(new byte[1198], "b"));
        Assert.Equal(DatagramEnqueueResult.Queued, q.Enqueue(new byte[1197], "c"));
    }

    [Fact]
    public void A_full_queue_cancels_the_oldest_datagram()
    {
        var q = Enabled(capacity: 2);
        q.Enqueue(new byte[] { 1 }, "one");
        q.Enqueue(new byte[] { 2 }, "two");
        q.Enqueue(new byte[] { 3 }, "three");
        Assert.Equal(2, q.Count);
        var canceled = Events(q).Single();
        Assert.Equal(("one", DatagramSendState.Canceled, true), (canceled.Context, canceled.State, canceled.IsFinal));
        Assert.True(q.TryPeek(out ReadOnlySpan<byte> head));
        Assert.Equal(2, head[0]);
    }

    [Fact]
    public void Sent_datagrams_report_ack_loss_and_spurious_loss_and_are_never_resent()
    {
        var q = Enabled();
        byte[] payload = { 9, 8, 7 };
        q.Enqueue(payload, "a");
        q.Enqueue(payload, "b");
        q.Enqueue(payload, "c");
        payload[0] = 0; // the queue holds its own copy
        Assert.True(q.TryPeek(out ReadOnlySpan<byte> data));
        Assert.Equal(new byte[] { 9, 8, 7 }, data.ToArray());
        long ta = q.OnSent(), tb = q.OnSent(), tc = q.OnSent();
        Assert.Equal(0, q.Count);
        Assert.False(q.TryPeek(out _));
        q.OnAcked(ta);
        q.OnLost(tb);
        q.OnLost(tc);
        q.OnAcked(tb);
        q.OnLossConfirmed(tc);
        q.OnAcked(ta);
        q.OnLossConfirmed(tb);
        var events = Events(q).Select(e => ((string)e.Context!, e.State)).ToArray();
        Assert.Equal(new[]
        {
            ("a", DatagramSendState.Sent), ("b", DatagramSendState.Sent), ("c", DatagramSendState.Sent),
            ("a", DatagramSendState.Acknowledged),
            ("b", DatagramSendState.LostSuspect), ("c", DatagramSendState.LostSuspect),
            ("b", DatagramSendState.AcknowledgedSpurious), ("c", DatagramSendState.LostDiscarded),
        }, events);
        Assert.Equal(0, q.Count);
    }

    [Fact]
    public void A_smaller_path_cancels_datagrams_that_no_longer_fit()
    {
        var q = Enabled(capacity: 8);
        q.Enqueue(new byte[1000], "big");
        q.Enqueue(new byte[100], "small");
        q.SetPathMaxFrameSize(500);
        var events = Events(q);
        Assert.Contains(events, e => e.Kind == DatagramEventKind.StateChanged && e.MaxSendLength == 497);
        Assert.Contains(events, e => e.Context as string == "big" && e.State == DatagramSendState.Canceled);
        Assert.Equal(1, q.Count);
        q.SetPeerMaxFrameSize(0);
        Assert.False(q.SendEnabled);
        Assert.Contains(Events(q), e => e.Context as string == "small" && e.State == DatagramSendState.Canceled);
    }

    [Fact]
    public void Closing_cancels_queued_and_discards_in_flight_datagrams()
    {
        var q = Enabled();
        q.Enqueue(new byte[1], "flying");
        long token = q.OnSent();
        q.Enqueue(new byte[1], "queued");
        Events(q);
        q.CancelAll();
        var events = Events(q).Select(e => ((string)e.Context!, e.State)).ToArray();
        Assert.Equal(new[] { ("queued", DatagramSendState.Canceled), ("flying", DatagramSendState.LostDiscarded) }, events);
        q.OnAcked(token);
        Assert.Empty(Events(q));
    }

    [Fact]
    public void Received_frames_are_checked_against_our_max_datagram_frame_size()
    {
        Assert.Equal(TransportErrorCode.ProtocolViolation, DatagramLimits.ValidateReceived(10, 0).Code);
        Assert.Equal(TransportErrorCode.ProtocolViolation, DatagramLimits.ValidateReceived(1201, 1200).Code);
        Assert.False(DatagramLimits.ValidateReceived(1200, 1200).IsError);
    }
}
