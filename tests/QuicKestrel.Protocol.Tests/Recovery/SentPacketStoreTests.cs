using QuicKestrel.Protocol.Recovery;
using static QuicKestrel.Protocol.Tests.Recovery.RecoveryTestKit;

namespace QuicKestrel.Protocol.Tests.Recovery;

public class SentPacketStoreTests
{
    [Fact]
    public void Records_keep_send_order_across_growth_and_wraparound()
    {
        var store = new SentPacketStore(4);
        long pn = 0;
        for (int round = 0; round < 50; round++)
        {
            for (int i = 0; i < round % 7 + 1; i++)
                { store.Add(Data(pn, pn * 10)); pn++; }
            // Resolve the two oldest and trim: the ring wraps around.
            for (int i = 0; i < Math.Min(2, store.Count); i++)
                if (store[i].IsOutstanding)
                    store.Resolve(i, SentPacketState.Acked);
            store.TrimResolvedHead();
        }
        for (int i = 1; i < store.Count; i++)
            Assert.True(store[i].PacketNumber > store[i - 1].PacketNumber);
        Assert.Equal(pn - 1, store.LargestSent);
        Assert.Equal(store.Count, store.OutstandingCount);
    }

    [Fact]
    public void Lower_bound_finds_packet_numbers_and_send_times_with_gaps()
    {
        var store = new SentPacketStore();
        foreach (long pn in new long[] { 1, 2, 5, 9, 10 })
            store.Add(Data(pn, pn * 100));
        Assert.Equal(0, store.LowerBound(0));
        Assert.Equal(2, store.LowerBound(3));
        Assert.Equal(3, store.LowerBound(9));
        Assert.Equal(5, store.LowerBound(11));
        Assert.Equal(2, store.LowerBoundByTime(300));
        Assert.Equal(2, store.LowerBoundByTime(500));
        Assert.Equal(5, store.LowerBoundByTime(1001));
    }

    [Fact]
    public void Packet_numbers_must_increase_and_records_resolve_once()
    {
        var store = new SentPacketStore();
        store.Add(Data(5, 0));
        Assert.Throws<ArgumentException>(() => store.Add(Data(5, 1)));
        Assert.Throws<ArgumentException>(() => store.Add(Data(4, 1)));
        store.Resolve(0, SentPacketState.Lost);
        Assert.Throws<InvalidOperationException>(() => store.Resolve(0, SentPacketState.Acked));
    }

    [Fact]
    public void Trimming_stops_at_the_oldest_outstanding_record_and_remembers_acked_send_times()
    {
        var store = new SentPacketStore();
        for (long pn = 0; pn < 5; pn++)
            store.Add(Data(pn, pn * 100));
        store.Resolve(0, SentPacketState.Acked);
        store.Resolve(1, SentPacketState.Lost);
        store.Resolve(3, SentPacketState.Acked);
        store.TrimResolvedHead();
        Assert.Equal(3, store.Count);
        Assert.Equal(2, store[0].PacketNumber);
        Assert.Equal(0, store.LastTrimmedAckedTimeSent);
        Assert.Equal(2, store.OutstandingCount);
    }
}
