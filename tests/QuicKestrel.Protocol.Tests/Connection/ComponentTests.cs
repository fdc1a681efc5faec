using FsCheck;
using FsCheck.Fluent;
using QuicKestrel.Protocol.Connection;
using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Recovery;
using QuicKestrel.Protocol.Streams;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Tests.Connection;

/// <summary>The connection's building blocks on their own.</summary>
public sealed class ComponentTests
{
    [Fact]
    public void Received_packet_set_matches_a_model_and_stays_ordered_and_bounded()
    {
        Prop.ForAll(Gen.ArrayOf(Gen.Choose(0, 400)).ToArbitrary(), numbers =>
        {
            var set = new ReceivedPacketSet();
            var model = new HashSet<long>();
            foreach (int n in numbers)
            {
                if (set.Contains(n))
                    continue;
                set.Add(n);
                model.Add(n);
            }
            AckRange[] ranges = set.Ranges.ToArray();
            for (int i = 0; i < ranges.Length; i++)
            {
                if (ranges[i].Smallest > ranges[i].Largest || (i > 0 && ranges[i].Largest >= ranges[i - 1].Smallest - 1))
                    return false; // ordered largest first, with a gap between ranges
            }
            // Everything added is reported or below the floor (forgotten as "old").
            return ranges.Length <= ReceivedPacketSet.MaxRanges
                && model.All(n => n < set.Floor || Reported(ranges, n))
                && Enumerable.Range(0, 401).All(n => !Reported(ranges, n) || model.Contains(n));
        }).QuickCheckThrowOnFailure();
    }

    private static bool Reported(AckRange[] ranges, long n)
    {
        foreach (AckRange range in ranges)
        {
            if (n >= range.Smallest && n <= range.Largest)
                return true;
        }
        return false;
    }

    [Fact]
    public void Ack_of_ack_prunes_the_reported_ranges()
    {
        var set = new ReceivedPacketSet();
        foreach (long n in new long[] { 1, 2, 3, 5, 6, 9 })
            set.Add(n);
        set.RemoveThrough(5);
        Assert.Equal([new AckRange(9, 9), new AckRange(6, 6)], set.Ranges.ToArray());
        Assert.True(set.Contains(4)); // below the floor: treated as already received
    }

    [Fact]
    public void Crypto_reassembly_delivers_in_order_and_bounds_what_it_buffers()
    {
        var stream = new CryptoReceiveStream();
        byte[] data = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();
        Assert.False(stream.OnData(100, data.AsSpan(100, 100), out ReadOnlySpan<byte> ready).IsError);
        Assert.True(ready.IsEmpty);
        stream.CompleteDelivery();
        Assert.False(stream.OnData(0, data.AsSpan(0, 150), out ready).IsError);
        Assert.Equal(data[..200], ready.ToArray());
        stream.CompleteDelivery();
        Assert.Equal(200, stream.DeliveredOffset);
        Assert.False(stream.OnData(0, data.AsSpan(0, 100), out ready).IsError); // a duplicate
        Assert.True(ready.IsEmpty);
        QuicError error = stream.OnData(200 + CryptoReceiveStream.MaxBufferedBytes, [1], out _);
        Assert.Equal(TransportErrorCode.CryptoBufferExceeded, error.Code);
    }

    [Fact]
    public void Crypto_send_stream_resends_lost_ranges_first_and_never_acknowledged_bytes()
    {
        var stream = new CryptoSendStream();
        stream.Append(new byte[3000]);
        Assert.True(stream.TryGetNext(1000, out long offset, out int length));
        stream.OnSent(offset, length);
        stream.TryGetNext(1000, out offset, out length);
        stream.OnSent(offset, length);
        stream.OnAcked(0, 500);
        stream.OnLost(0, 1000);
        Assert.True(stream.TryGetNext(5000, out offset, out length));
        Assert.Equal((500L, 500), (offset, length));
        stream.OnSent(offset, length);
        Assert.True(stream.TryGetNext(5000, out offset, out length));
        Assert.Equal((2000L, 1000), (offset, length));
    }

    [Fact]
    public void Sent_frame_log_reuses_its_ring_as_packets_resolve_out_of_order()
    {
        var log = new SentFrameLog();
        var tokens = new Queue<long>();
        var random = new Random(3);
        for (int packet = 0; packet < 20_000; packet++)
        {
            log.BeginPacket();
            int frames = 1 + random.Next(8);
            for (int i = 0; i < frames; i++)
                log.Add(new SentFrame { Kind = SentFrameKind.Stream, A = packet, Length = i });
            tokens.Enqueue(log.EndPacket());
            if (tokens.Count > 50)
            {
                long token = tokens.Dequeue();
                SentFrameLog.Decode(token, out long start, out int count);
                for (long p = start; p < start + count; p++)
                    Assert.Equal(SentFrameKind.Stream, log[p].Kind);
                log.Release(token);
            }
        }
        Assert.True(log.Count < 2000, $"{log.Count} slots in use");
    }

    [Fact]
    public void Ack_tracker_acknowledges_every_second_packet_and_delays_a_single_one()
    {
        var tracker = new AckTracker(immediateSpace: false) { MaxAckDelayMicros = 25_000 };
        tracker.OnPacketReceived(0, ackEliciting: true, EcnMarking.NotEct, 1_000);
        Assert.False(tracker.IsAckDue(1_000));
        Assert.Equal(26_000, tracker.AckDeadline);
        Assert.True(tracker.IsAckDue(26_000));
        tracker.OnPacketReceived(1, ackEliciting: true, EcnMarking.NotEct, 2_000);
        Assert.True(tracker.IsAckDue(2_000));
        tracker.OnAckSent();
        tracker.OnPacketReceived(2, ackEliciting: false, EcnMarking.NotEct, 3_000);
        Assert.False(tracker.IsAckDue(100_000)); // never an ACK only for packets that elicit none
        tracker.OnPacketReceived(5, ackEliciting: true, EcnMarking.Ce, 4_000);
        Assert.True(tracker.IsAckDue(4_000)); // reordering and CE both ask for an immediate ACK
        Assert.Equal(new EcnCounts(0, 0, 1), tracker.EcnCounts);
    }

    [Fact]
    public void Key_phases_select_current_previous_and_next_read_keys()
    {
        var keys = new ApplicationKeys();
        keys.InstallOneRttWrite(new NullPacketProtection());
        keys.InstallOneRttRead(new NullPacketProtection());
        keys.SelectReadKey(false, 10, out ReadKeySlot slot);
        Assert.Equal(ReadKeySlot.Current, slot);
        keys.SelectReadKey(true, 11, out slot);
        Assert.Equal(ReadKeySlot.Next, slot);
        // A peer update on packet 11: phase flips, packet 5 of the old phase still opens with the previous key.
        Assert.False(keys.OnPacketOpened(ReadKeySlot.Next, 11, 0, 1000).IsError);
        Assert.True(keys.KeyPhase);
        keys.SelectReadKey(false, 5, out slot);
        Assert.Equal(ReadKeySlot.Previous, slot);
        Assert.Equal(3000, keys.PreviousKeyDiscardTime);
        keys.OnTimeout(3000);
        Assert.Equal(long.MaxValue, keys.PreviousKeyDiscardTime);
        keys.SelectReadKey(false, 5, out slot);
        Assert.Equal(ReadKeySlot.Next, slot);
    }

    [Fact]
    public void Peer_connection_ids_track_retire_prior_to_and_the_reset_tokens_in_use()
    {
        var events = new EventRing<EndpointEvent>();
        var ids = new PeerConnectionIds(new ConnectionId([1, 1, 1, 1]), 3, events);
        Assert.False(ids.OnNewConnectionId(1, 0, [2, 2, 2, 2], Token(2)).IsError);
        Assert.False(ids.OnNewConnectionId(2, 0, [3, 3, 3, 3], Token(3)).IsError);
        Assert.Equal(TransportErrorCode.ConnectionIdLimitError, ids.OnNewConnectionId(3, 0, [4, 4, 4, 4], Token(4)).Code);

        var fresh = new PeerConnectionIds(new ConnectionId([1, 1, 1, 1]), 3, events);
        fresh.OnNewConnectionId(1, 0, [2, 2, 2, 2], Token(2));
        fresh.OnNewConnectionId(2, 2, [3, 3, 3, 3], Token(3));
        Assert.Equal([3, 3, 3, 3], fresh.Current.ToArray());
        Assert.True(fresh.TryPeekRetirement(out long first));
        Assert.Equal(1, first); // retired from the end down: 1 then 0
        var reset = new byte[40];
        Token(3).CopyTo(reset, 24);
        Assert.True(fresh.IsStatelessReset(reset));
        Token(2).CopyTo(reset, 24);
        Assert.False(fresh.IsStatelessReset(reset)); // never used: not checked (RFC 9000 §10.3.1)
    }

    private static byte[] Token(byte value) => Enumerable.Repeat(value, 16).ToArray();

    [Fact]
    public void Stream_and_control_records_round_trip()
    {
        var chunk = new StreamChunk(8, 1000, 300, true);
        Assert.Equal(chunk, SentFrame.ForChunk(chunk).ToChunk());
        var control = StreamControlFrame.ResetStream(4, 9, 1234);
        Assert.Equal(control, SentFrame.ForControl(control).ToControlFrame());
    }
}
