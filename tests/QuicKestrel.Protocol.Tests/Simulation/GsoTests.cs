namespace QuicKestrel.Protocol.Tests.Simulation;

public class GsoTests
{
    [Theory]
    [InlineData(3 * 1200 + 500, 1200, new[] { 1200, 1200, 1200, 500 })]
    [InlineData(3 * 1200, 1200, new[] { 1200, 1200, 1200 })]
    [InlineData(1000, 1200, new[] { 1000 })]   // segment size not below the length: one datagram
    [InlineData(1000, 0, new[] { 1000 })]
    [InlineData(7, 1, new[] { 1, 1, 1, 1, 1, 1, 1 })]
    public void A_gso_buffer_is_split_into_segments(int length, int segmentSize, int[] expected)
    {
        var (net, sender, sink, link) = SimTestNetworks.Scripted(SimTestNetworks.Ideal);
        var buffer = new byte[length];
        for (int i = 0; i < length; i++)
            buffer[i] = (byte)(i * 7);
        sender.Add(0, buffer, segmentSize);

        Assert.True(net.RunUntilIdle(1_000_000));

        Assert.Equal(expected, sink.Arrivals.Select(a => a.Data.Length));
        Assert.Equal(buffer, sink.Arrivals.SelectMany(a => a.Data));
        var stats = net.Hosts[0].Stats;
        Assert.Equal(1, stats.Transmits);
        Assert.Equal(expected.Length, stats.DatagramsSent);
        Assert.Equal(expected.Length, link.Forward.Stats.DatagramsSent);
    }

    [Fact]
    public void Segments_queue_and_meet_the_mtu_one_by_one()
    {
        var options = LinkOptions.Default with { QueuePackets = 2 };
        var (net, sender, sink, link) = SimTestNetworks.Scripted(options);
        sender.Add(0, new byte[5 * 1200], 1200, EcnCodepoint.Ect0);
        sender.Add(0, new byte[2 * 1473], 1473);

        Assert.True(net.RunUntilIdle(1_000_000));

        Assert.Equal([15_960L, 16_920, 17_880], sink.Arrivals.Select(a => a.Time));
        Assert.All(sink.Arrivals, a => Assert.Equal(EcnCodepoint.Ect0, a.Ecn));
        Assert.Equal(2, link.Forward.Stats.Dropped(DropCause.QueueOverflow));
        Assert.Equal(2, link.Forward.Stats.Dropped(DropCause.Mtu));
    }
}
