using System.Buffers.Binary;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Tests.Simulation;

public class FilterTests
{
    [Fact]
    public void An_index_range_filter_drops_exactly_those_datagrams_in_one_direction()
    {
        var (net, sender, sink, link) = SimTestNetworks.Scripted(LinkOptions.Default with { Filter = SimFilters.DropIndexRange(2, 7) });
        for (int i = 0; i < 10; i++)
            sender.AddBurst(i * 10_000, 1, 100, firstSequence: (ulong)i + 1);

        Assert.True(net.RunUntilIdle(1_000_000));

        Assert.Equal([1UL, 8, 9, 10], sink.Arrivals.Select(a => BitConverter.ToUInt64(a.Data)));
        Assert.Equal(6, link.Forward.Stats.Dropped(DropCause.Filter));
    }

    [Fact]
    public void The_first_initial_can_be_dropped_and_later_ones_pass()
    {
        var options = LinkOptions.Default with { Filter = SimFilters.DropFirstMatching(1, SimFilters.IsQuicInitial) };
        var (net, sender, sink, link) = SimTestNetworks.Scripted(options);
        sender.Add(0, LongHeader(0xc0, QuicVersion.V1, 1))       // v1 Initial: dropped
            .Add(1, LongHeader(0xe0, QuicVersion.V1, 2))          // v1 Handshake
            .Add(2, LongHeader(0xc0, QuicVersion.V1, 3))          // second Initial
            .Add(3, [0x40, 1, 2, 3, 4, 5]);                       // short header

        Assert.True(net.RunUntilIdle(1_000_000));

        Assert.Equal([2, 3, 6], sink.Arrivals.Select(a => a.Data.Length == 6 ? 6 : (int)a.Data[^1]));
        Assert.Equal(1, link.Forward.Stats.Dropped(DropCause.Filter));
    }

    [Theory]
    [InlineData(0xc0, QuicVersion.V1, "Initial")]
    [InlineData(0xd0, QuicVersion.V1, "ZeroRtt")]
    [InlineData(0xe0, QuicVersion.V1, "Handshake")]
    [InlineData(0xf0, QuicVersion.V1, "Retry")]
    [InlineData(0xd0, QuicVersion.V2, "Initial")]
    [InlineData(0xe0, QuicVersion.V2, "ZeroRtt")]
    [InlineData(0xf0, QuicVersion.V2, "Handshake")]
    [InlineData(0xc0, QuicVersion.V2, "Retry")]
    public void Long_header_types_are_read_for_v1_and_v2(byte first, uint version, string expected)
    {
        Assert.True(SimFilters.TryGetLongPacketType(LongHeader(first, version, 0), out var type));
        Assert.Equal(Enum.Parse<LongPacketType>(expected), type);
    }

    [Fact]
    public void Short_headers_unknown_versions_and_runts_have_no_long_type()
    {
        Assert.False(SimFilters.TryGetLongPacketType(LongHeader(0x40, QuicVersion.V1, 0), out _));
        Assert.False(SimFilters.TryGetLongPacketType(LongHeader(0xc0, 0x0a0a0a0a, 0), out _));
        Assert.False(SimFilters.TryGetLongPacketType(LongHeader(0xc0, QuicVersion.Negotiation, 0), out _));
        Assert.False(SimFilters.TryGetLongPacketType([0xc0, 0, 0, 0], out _));
    }

    [Fact]
    public void A_filter_sees_addresses_and_index_and_may_rewrite_bytes()
    {
        var seen = new List<(long Index, string From, string To)>();
        PacketFilter flipFirstByte = (in SimPacket p) =>
        {
            seen.Add((p.Index, p.From.ToString(), p.To.ToString()));
            p.Data[0] ^= 0xff;
            return FilterVerdict.Pass;
        };
        var (net, sender, sink, _) = SimTestNetworks.Scripted(LinkOptions.Default with { Filter = flipFirstByte });
        sender.Add(0, [1, 2, 3]).Add(5, [4, 5, 6]);

        Assert.True(net.RunUntilIdle(1_000_000));

        Assert.Equal([(1L, "10.0.0.1:443", "10.0.0.2:443"), (2L, "10.0.0.1:443", "10.0.0.2:443")], seen);
        Assert.Equal([0xfe, 2, 3], sink.Arrivals[0].Data);
        Assert.Equal([0xfb, 5, 6], sink.Arrivals[1].Data);
    }

    private static byte[] LongHeader(byte first, uint version, byte marker)
    {
        var data = new byte[8];
        data[0] = first;
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(1), version);
        data[^1] = marker;
        return data;
    }
}
