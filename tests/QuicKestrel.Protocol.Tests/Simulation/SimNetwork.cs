using System.Net;
using System.Runtime.CompilerServices;

namespace QuicKestrel.Protocol.Tests.Simulation;

/// <summary>
/// An in-memory network of nodes joined by links, run by a discrete-event loop in virtual
/// time (long microseconds from 0). Everything random comes from generators seeded from
/// <see cref="Seed"/>, so a run repeats exactly. Single-threaded; never sleeps.
/// </summary>
internal sealed partial class SimNetwork
{
    /// <summary>Size of the buffer handed to <see cref="ISimNode.PollTransmit"/> (room for a full GSO batch).</summary>
    public const int SendBufferBytes = 65536;

    private readonly SimEventQueue _events = new();
    private readonly InFlightStore _inFlight = new();
    private readonly DatagramBufferPool _pool = new();
    private readonly List<SimHost> _hosts = [];
    private readonly Dictionary<IPEndPoint, SimHost> _hostsByAddress = [];
    private readonly List<SimLink> _links = [];
    private readonly List<SimHost> _dirty = [];
    private readonly List<Action?> _actions = [];
    private readonly byte[] _sendBuffer = new byte[SendBufferBytes];

    public SimNetwork(ulong seed = 1) => Seed = seed;

    public ulong Seed { get; }

    /// <summary>Virtual time in microseconds.</summary>
    public long Now { get; private set; }

    /// <summary>Optional hook that sees every send, drop, delivery and timeout (for debugging).</summary>
    public SimTraceHandler? Trace { get; set; }

    public IReadOnlyList<SimHost> Hosts => _hosts;
    public IReadOnlyList<SimLink> Links => _links;

    /// <summary>Datagrams on links right now.</summary>
    public int DatagramsInFlight => _inFlight.Count;

    /// <summary>
    /// Adds a node at <paramref name="address"/>. <paramref name="name"/> appears in link names,
    /// statistics and traces.
    /// </summary>
    public SimHost AddNode(ISimNode node, IPEndPoint address, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(node);
        var host = new SimHost(_hosts.Count, name ?? $"node{_hosts.Count}", node, address);
        ClaimAddress(host, address);
        _hosts.Add(host);
        MarkDirty(host);
        return host;
    }

    /// <summary>Gives a host another address it receives on (e.g. for migration or a NAT rebinding).</summary>
    public void AddAddress(SimHost host, IPEndPoint address)
    {
        ClaimAddress(host, address);
        host.AddAddress(address);
    }

    /// <summary>Joins two hosts with a link whose two directions behave alike (each with its own state and seed).</summary>
    public SimDuplexLink Connect(SimHost a, SimHost b, LinkOptions? options = null) =>
        Connect(a, b, options ?? LinkOptions.Default, options ?? LinkOptions.Default);

    /// <summary>Joins two hosts with an asymmetric link.</summary>
    public SimDuplexLink Connect(SimHost a, SimHost b, LinkOptions forward, LinkOptions reverse) =>
        new(AddLink(a, b, forward), AddLink(b, a, reverse));

    /// <summary>Adds one direction only (from → to).</summary>
    public SimLink AddLink(SimHost from, SimHost to, LinkOptions options)
    {
        if (from == to || from.LinkTo(to) is not null)
            throw new ArgumentException($"{from.Name} cannot get another link to {to.Name}.");
        var link = new SimLink(this, from, to, options, DeriveSeed((ulong)_links.Count + 1));
        from.SetLinkTo(to, link);
        _links.Add(link);
        return link;
    }

    /// <summary>A seed for anything else in the scenario (e.g. a QUIC endpoint's random source), fixed by the network seed.</summary>
    public ulong DeriveSeed(ulong stream)
    {
        // SplitMix64 finaliser over seed and stream: distinct streams get unrelated seeds.
        ulong z = Seed + (stream + 1) * 0x9E3779B97F4A7C15;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }

    /// <summary>Runs <paramref name="action"/> at virtual time <paramref name="atMicros"/> (e.g. change a link, poke a node).</summary>
    public void Schedule(long atMicros, Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        _actions.Add(action);
        _events.Push(Math.Max(atMicros, Now), SimEventKind.Action, _actions.Count - 1);
    }

    /// <summary>Time, nodes and links with their statistics: a ready-made assertion message for a failed scenario.</summary>
    public override string ToString()
    {
        var lines = new List<string> { $"t = {Now} µs, seed {Seed}, {DatagramsInFlight} datagrams in flight" };
        lines.AddRange(_hosts.Select(h => h.ToString()));
        lines.AddRange(_links.Select(l => l.ToString()));
        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>Makes the loop poll this node (after test code changed it from outside).</summary>
    public void Wake(SimHost host) => MarkDirty(host);

    internal byte[] RentBuffer(int length) => _pool.Rent(length);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void ScheduleDelivery(long arrival, SimLink link, byte[] buffer, int length,
        IPEndPoint from, IPEndPoint to, EcnCodepoint ecn, DatagramEffects effects)
    {
        int slot = _inFlight.Add(new InFlightDatagram
        {
            Buffer = buffer, Length = length, From = from, To = to, Ecn = ecn, Effects = effects, Link = link,
        });
        _events.Push(arrival, SimEventKind.Deliver, slot);
    }

    private void ClaimAddress(SimHost host, IPEndPoint address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (!_hostsByAddress.TryAdd(address, host))
            throw new ArgumentException($"The address {address} already belongs to {_hostsByAddress[address].Name}.");
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void MarkDirty(SimHost host)
    {
        if (host.Dirty)
            return;
        host.Dirty = true;
        _dirty.Add(host);
    }
}
