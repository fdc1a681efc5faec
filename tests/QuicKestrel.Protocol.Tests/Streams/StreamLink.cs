using QuicKestrel.Protocol.Streams;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Tests.Streams;

/// <summary>
/// Moves stream-layer frames between two managers in rounds, like two connections one RTT
/// apart: each round both sides build packets, packets are delivered (optionally reordered)
/// or lost (seeded), and each packet's fate is reported to its sender at the end of the round.
/// A "spuriously lost" packet is delivered but reported lost first and acknowledged one round
/// later, after its data may already have been retransmitted. Reuses its packets: no allocation
/// once warmed up.
/// </summary>
internal sealed class StreamLink
{
    private readonly Random _random;
    private readonly Stack<FramePacket> _free = new();
    private readonly List<Flight> _flights = new(256);
    private readonly List<Flight> _lateAcks = new(256);
    private readonly List<Flight> _nextLateAcks = new(256);

    private long _transmitted;

    public StreamLink(int seed) => _random = new Random(seed);

    public double LossRate { get; set; }

    public double SpuriousLossRate { get; set; }

    public bool Reorder { get; set; }

    /// <summary>When set, every Nth packet is lost instead of random loss (a repeatable pattern).</summary>
    public int LossPeriod { get; set; }

    /// <summary>When set, every Nth delivered packet is reported lost first and acknowledged a round later.</summary>
    public int SpuriousPeriod { get; set; }

    /// <summary>Deliver each round's packets in reverse order (deterministic reordering).</summary>
    public bool Reverse { get; set; }

    /// <summary>Creates packets up front so the harness itself does not allocate later.</summary>
    public void Preallocate(int packets)
    {
        for (int i = 0; i < packets; i++)
            _free.Push(new FramePacket());
    }

    public int PacketRoom { get; set; } = 1200;

    public int PacketsSent { get; private set; }

    public int PacketsLost { get; private set; }

    /// <summary>The first protocol error a receiver returned (the test fails on it).</summary>
    public QuicError Error { get; private set; }

    /// <summary>Runs one round; returns true if any packet was sent.</summary>
    public bool Round(StreamManager a, StreamManager b, int maxPacketsPerSide = 64)
    {
        _flights.Clear();
        Build(a, b, maxPacketsPerSide);
        Build(b, a, maxPacketsPerSide);
        if (Reorder)
            Shuffle();
        if (Reverse)
            _flights.Reverse();
        foreach (Flight flight in _flights)
            Transmit(flight);
        foreach (Flight late in _lateAcks)
        {
            late.Packet.ReportAcked(late.Sender);
            _free.Push(late.Packet);
        }
        _lateAcks.Clear();
        _lateAcks.AddRange(_nextLateAcks);
        _nextLateAcks.Clear();
        return _flights.Count > 0;
    }

    private void Build(StreamManager sender, StreamManager receiver, int maxPackets)
    {
        for (int i = 0; i < maxPackets; i++)
        {
            FramePacket packet = _free.Count > 0 ? _free.Pop() : new FramePacket();
            if (!packet.Build(sender, PacketRoom))
            {
                _free.Push(packet);
                return;
            }
            _flights.Add(new Flight(packet, sender, receiver));
            PacketsSent++;
        }
    }

    private void Transmit(Flight flight)
    {
        _transmitted++;
        bool lost = LossPeriod > 0 ? _transmitted % LossPeriod == 0 : _random.NextDouble() < LossRate;
        if (lost)
        {
            PacketsLost++;
            flight.Packet.ReportLost(flight.Sender);
            _free.Push(flight.Packet);
            return;
        }
        QuicError error = flight.Packet.Deliver(flight.Receiver);
        if (error.IsError && !Error.IsError)
            Error = error;
        bool spurious = SpuriousPeriod > 0 ? _transmitted % SpuriousPeriod == 1 : _random.NextDouble() < SpuriousLossRate;
        if (spurious)
        {
            flight.Packet.ReportLost(flight.Sender);
            _nextLateAcks.Add(flight);
            return;
        }
        flight.Packet.ReportAcked(flight.Sender);
        _free.Push(flight.Packet);
    }

    private void Shuffle()
    {
        for (int i = _flights.Count - 1; i > 0; i--)
        {
            int j = _random.Next(i + 1);
            (_flights[i], _flights[j]) = (_flights[j], _flights[i]);
        }
    }

    private readonly record struct Flight(FramePacket Packet, StreamManager Sender, StreamManager Receiver);
}
