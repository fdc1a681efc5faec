using QuicKestrel.Protocol.Tests.Simulation.Fakes;

namespace QuicKestrel.Protocol.Tests.Simulation;

/// <summary>Small topologies the simulator's own tests share.</summary>
internal static class SimTestNetworks
{
    /// <summary>A scripted sender joined to a recording sink.</summary>
    public static (SimNetwork Net, ScriptedSender Sender, RecordingSink Sink, SimDuplexLink Link) Scripted(
        LinkOptions options, ulong seed = 1, bool ipv6 = false)
    {
        var net = new SimNetwork(seed);
        var sinkAddress = ipv6 ? SimAddress.V6(2) : SimAddress.V4(2);
        var sender = new ScriptedSender(sinkAddress);
        var sink = new RecordingSink();
        var a = net.AddNode(sender, ipv6 ? SimAddress.V6(1) : SimAddress.V4(1), "sender");
        var b = net.AddNode(sink, sinkAddress, "sink");
        return (net, sender, sink, net.Connect(a, b, options));
    }

    /// <summary>A paced sender joined to a counting sink; the sender stops after <paramref name="count"/> datagrams.</summary>
    public static (SimNetwork Net, PacedSender Sender, CountingSink Sink, SimDuplexLink Link) Paced(
        LinkOptions options, long bitsPerSecond, int datagramBytes, int count, ulong seed = 1,
        EcnCodepoint ecn = EcnCodepoint.NotEct)
    {
        var net = new SimNetwork(seed);
        var sender = new PacedSender(SimAddress.V4(2), bitsPerSecond, datagramBytes, count, ecn: ecn);
        var sink = new CountingSink(count);
        var a = net.AddNode(sender, SimAddress.V4(1), "sender");
        var b = net.AddNode(sink, SimAddress.V4(2), "sink");
        return (net, sender, sink, net.Connect(a, b, options));
    }

    /// <summary>No delay, no bandwidth limit: only the impairment under test acts.</summary>
    public static LinkOptions Ideal { get; } = LinkOptions.Default with { DelayMicros = 0, BandwidthBitsPerSecond = 0 };
}
