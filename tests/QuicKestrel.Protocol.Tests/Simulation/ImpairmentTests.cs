using System.Numerics;

namespace QuicKestrel.Protocol.Tests.Simulation;

public class ImpairmentTests
{
    private const int Count = 50_000;

    [Fact]
    public void Duplication_happens_at_about_its_rate()
    {
        var (net, _, sink, link) = SimTestNetworks.Paced(SimTestNetworks.Ideal with { DuplicateRate = 0.05 }, 100_000_000, 1200, Count);
        Assert.True(net.RunUntilIdle(60_000_000));

        Assert.Equal(Count, sink.Unique);
        Assert.Equal(link.Forward.Stats.Duplicated, sink.Duplicates);
        Assert.InRange(sink.Duplicates, Count * 0.045, Count * 0.055);
        Assert.Equal(Count + sink.Duplicates, link.Forward.Stats.DatagramsDelivered);
    }

    [Fact]
    public void Reordered_datagrams_arrive_after_later_ones()
    {
        var options = SimTestNetworks.Ideal with { ReorderRate = 0.1, ReorderDelayMicros = 1_000 };
        var (net, _, sink, link) = SimTestNetworks.Paced(options, 100_000_000, 1200, Count);   // one every 96 µs
        Assert.True(net.RunUntilIdle(60_000_000));

        Assert.Equal(Count, sink.Unique);
        Assert.InRange(link.Forward.Stats.Reordered, Count * 0.09, Count * 0.11);
        // Every held-back datagram is overtaken, except one held back just before the sender stops.
        Assert.InRange(sink.Reordered, link.Forward.Stats.Reordered - 1, link.Forward.Stats.Reordered);
    }

    [Fact]
    public void Corruption_happens_at_about_its_rate_and_every_corrupted_datagram_differs()
    {
        var (net, _, sink, link) = SimTestNetworks.Paced(SimTestNetworks.Ideal with { CorruptRate = 0.1 }, 100_000_000, 1200, Count);
        Assert.True(net.RunUntilIdle(60_000_000));

        Assert.Equal(Count, sink.Datagrams);
        Assert.Equal(link.Forward.Stats.Corrupted, sink.Corrupted);
        Assert.InRange(sink.Corrupted, Count * 0.09, Count * 0.11);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(16)]
    public void Corruption_flips_exactly_the_configured_number_of_bits(int bits)
    {
        var (net, sender, sink, _) = SimTestNetworks.Scripted(SimTestNetworks.Ideal with { CorruptRate = 1, CorruptBits = bits });
        for (int i = 0; i < 50; i++)
            sender.Add(i, new byte[100]);

        Assert.True(net.RunUntilIdle(1_000_000));

        Assert.Equal(50, sink.Arrivals.Count);
        Assert.All(sink.Arrivals, a => Assert.Equal(bits, a.Data.Sum(b => BitOperations.PopCount(b))));
        Assert.True(sink.Arrivals.Select(a => Convert.ToHexString(a.Data)).Distinct().Count() > 40, "bits are chosen at random");
    }

    [Fact]
    public void Duplicates_can_trail_the_original()
    {
        var options = SimTestNetworks.Ideal with { DelayMicros = 1_000, DuplicateRate = 1, DuplicateDelayMicros = 300 };
        var (net, sender, sink, link) = SimTestNetworks.Scripted(options);
        sender.AddBurst(0, 1, 200);

        Assert.True(net.RunUntilIdle(1_000_000));

        Assert.Equal([1_000L, 1_300], sink.Arrivals.Select(a => a.Time));
        Assert.Equal(sink.Arrivals[0].Data, sink.Arrivals[1].Data);
        Assert.Equal(1, link.Forward.Stats.Duplicated);
    }
}
