using QuicKestrel.Protocol.Tests.Simulation.Fakes;

namespace QuicKestrel.Protocol.Tests.Simulation;

public class LinkTimingTests
{
    [Theory]
    [InlineData(1200, 10_000_000, 15_000, 15_960)]      // 1200·8/10⁷ s = 960 µs
    [InlineData(1200, 1_000_000_000, 10_000, 10_010)]   // 9.6 µs rounds up to whole microseconds
    [InlineData(100, 1_000_000, 750_000, 750_800)]
    [InlineData(1472, 0, 5_000, 5_000)]                 // unlimited bandwidth: delay only
    [InlineData(1, 8_000_000, 0, 1)]
    public void Datagram_arrives_after_serialisation_plus_delay(int bytes, long bitsPerSecond, long delay, long expectedArrival)
    {
        var options = LinkOptions.Default with { DelayMicros = delay, BandwidthBitsPerSecond = bitsPerSecond };
        var (net, sender, sink, _) = SimTestNetworks.Scripted(options);
        sender.Add(0, new byte[bytes]);

        Assert.True(net.RunUntilIdle(10_000_000));

        var arrival = Assert.Single(sink.Arrivals);
        Assert.Equal(expectedArrival, arrival.Time);
        Assert.Equal(bytes, arrival.Data.Length);
    }

    [Fact]
    public void Sending_later_shifts_the_arrival_by_the_same_amount()
    {
        var (net, sender, sink, _) = SimTestNetworks.Scripted(LinkOptions.Default);
        sender.Add(1_234_567, new byte[1200]);
        Assert.True(net.RunUntilIdle(10_000_000));
        Assert.Equal(1_234_567 + 960 + 15_000, Assert.Single(sink.Arrivals).Time);
    }

    [Fact]
    public void Back_to_back_datagrams_are_spaced_by_their_serialisation_time()
    {
        var (net, sender, sink, _) = SimTestNetworks.Scripted(LinkOptions.Default);
        sender.AddBurst(0, 10, 1200);

        Assert.True(net.RunUntilIdle(10_000_000));

        Assert.Equal(Enumerable.Range(1, 10).Select(k => 15_000L + k * 960), sink.Arrivals.Select(a => a.Time));
        Assert.Equal(Enumerable.Range(0, 10).Select(k => (ulong)k), sink.Arrivals.Select(a => Sequence(a.Data)));
    }

    [Fact]
    public void Fast_links_keep_sub_microsecond_precision_over_many_datagrams()
    {
        var options = LinkOptions.Default with { DelayMicros = 10_000, BandwidthBitsPerSecond = 1_000_000_000, QueuePackets = 10_000 };
        var (net, sender, sink, _) = SimTestNetworks.Scripted(options);
        sender.AddBurst(0, 1000, 1200);

        Assert.True(net.RunUntilIdle(10_000_000));

        Assert.Equal(1000, sink.Arrivals.Count);
        Assert.Equal(10_000 + 9_600, sink.Arrivals[^1].Time);   // 1000 × 9.6 µs exactly, not 1000 × 10 µs
    }

    [Fact]
    public void Ping_round_trip_is_twice_delay_plus_serialisation_both_ways()
    {
        var net = new SimNetwork(7);
        var pinger = new Pinger(SimAddress.V4(2), count: 5, intervalMicros: 100_000, size: 125);
        var client = net.AddNode(pinger, SimAddress.V4(1), "pinger");
        var server = net.AddNode(new EchoNode(), SimAddress.V4(2), "echo");
        var link = net.Connect(client, server, LinkOptions.Default with { DelayMicros = 20_000, BandwidthBitsPerSecond = 1_000_000 },
            LinkOptions.Default with { DelayMicros = 5_000, BandwidthBitsPerSecond = 2_000_000 });

        Assert.True(net.RunUntil(() => pinger.AllAnswered, 10_000_000));

        // 125 B: 1000 µs at 1 Mbit/s out, 500 µs at 2 Mbit/s back.
        Assert.All(pinger.RoundTrips, rtt => Assert.Equal(20_000 + 1_000 + 5_000 + 500, rtt));
        Assert.Equal(5, link.Forward.Stats.DatagramsDelivered);
        Assert.Equal(5, link.Reverse.Stats.DatagramsDelivered);
        Assert.Equal(400_000 + 26_500, net.Now);
    }

    [Fact]
    public void Each_direction_has_its_own_serialiser()
    {
        var net = new SimNetwork(3);
        var left = new ScriptedSender(SimAddress.V4(2));
        var right = new ScriptedSender(SimAddress.V4(1));
        var leftSink = new RecordingSink();
        var a = net.AddNode(new Duplex(left, leftSink), SimAddress.V4(1), "a");
        var b = net.AddNode(new Duplex(right, new RecordingSink()), SimAddress.V4(2), "b");
        net.Connect(a, b, LinkOptions.Default);
        left.AddBurst(0, 5, 1200);
        right.AddBurst(0, 1, 1200);

        Assert.True(net.RunUntilIdle(1_000_000));

        // b's single datagram does not wait behind a's five.
        Assert.Equal(15_960, Assert.Single(leftSink.Arrivals).Time);
    }

    private static ulong Sequence(byte[] data) => BitConverter.ToUInt64(data);

    /// <summary>Sends with one fake node and receives with another.</summary>
    private sealed class Duplex(ISimNode sender, ISimNode receiver) : ISimNode
    {
        public void HandleDatagram(long now, Span<byte> datagram, System.Net.IPEndPoint from, System.Net.IPEndPoint to, EcnCodepoint ecn) =>
            receiver.HandleDatagram(now, datagram, from, to, ecn);

        public bool PollTransmit(long now, Span<byte> buffer, out SimTransmit transmit) => sender.PollTransmit(now, buffer, out transmit);

        public long? NextTimeout() => sender.NextTimeout();

        public void HandleTimeout(long now) => sender.HandleTimeout(now);
    }
}
