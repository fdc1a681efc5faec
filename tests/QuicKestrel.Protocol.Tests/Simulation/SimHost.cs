using System.Net;

namespace QuicKestrel.Protocol.Tests.Simulation;

/// <summary>A node placed on the network: its addresses, its links to other hosts, its statistics and timer.</summary>
internal sealed class SimHost
{
    private readonly List<IPEndPoint> _addresses = [];
    private SimLink?[] _linksTo = [];

    internal SimHost(int id, string name, ISimNode node, IPEndPoint address)
    {
        Id = id;
        Name = name;
        Node = node;
        _addresses.Add(address);
    }

    public string Name { get; }
    public ISimNode Node { get; }

    /// <summary>The source address of datagrams whose transmit names none.</summary>
    public IPEndPoint Address => _addresses[0];

    public IReadOnlyList<IPEndPoint> Addresses => _addresses;
    public NodeStats Stats { get; } = new();

    internal int Id { get; }

    /// <summary>When the armed timer fires, long.MaxValue for none.</summary>
    internal long ArmedTimeout { get; set; } = long.MaxValue;

    /// <summary>Bumped whenever the timer is re-armed, so stale timer events are ignored.</summary>
    internal int TimerGeneration { get; set; }

    /// <summary>Needs polling (received something, timed out, or was woken).</summary>
    internal bool Dirty { get; set; }

    public override string ToString() => $"{Name} {Address}: {Stats}";

    internal void AddAddress(IPEndPoint address) => _addresses.Add(address);

    internal SimLink? LinkTo(SimHost destination) =>
        destination.Id < _linksTo.Length ? _linksTo[destination.Id] : null;

    internal void SetLinkTo(SimHost destination, SimLink link)
    {
        if (destination.Id >= _linksTo.Length)
            Array.Resize(ref _linksTo, destination.Id + 1);
        _linksTo[destination.Id] = link;
    }
}
