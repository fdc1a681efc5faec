using System.Net;
using System.Net.Sockets;
using QuicKestrel.Protocol.Crypto;
using System.Runtime.CompilerServices;

namespace QuicKestrel.Protocol.Tests.Simulation;

/// <summary>
/// One direction of a link between two nodes, with its own options, statistics and seeded
/// random generator. The pipeline order is described on <see cref="LinkOptions"/>.
/// </summary>
internal sealed class SimLink
{
    private const int Ipv4UdpHeaderBytes = 28;
    private const int Ipv6UdpHeaderBytes = 48;

    private readonly SimNetwork _network;
    private readonly SeededRandomSource _random;
    private readonly LinkQueue _queue = new();
    private readonly LossProcess _loss = new();
    private LinkOptions _options;
    private long _offered;

    internal SimLink(SimNetwork network, SimHost from, SimHost to, LinkOptions options, ulong seed)
    {
        options.Validate();
        _network = network;
        _options = options;
        _random = new SeededRandomSource(options.Seed ?? seed);
        From = from;
        To = to;
        Name = $"{from.Name}->{to.Name}";
    }

    public string Name { get; }
    public SimHost From { get; }
    public SimHost To { get; }
    public LinkStats Stats { get; } = new();

    /// <summary>Current behaviour; may be replaced while the simulation runs (queue and loss state carry over).</summary>
    public LinkOptions Options
    {
        get => _options;
        set
        {
            value.Validate();
            _options = value;
        }
    }

    /// <summary>Switches the link off by hand, on top of any scheduled blackouts.</summary>
    public bool ForcedDown { get; set; }

    /// <summary>Datagrams waiting in the queue right now.</summary>
    public int QueuedPackets => _queue.Packets;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool IsDownAt(long time)
    {
        if (ForcedDown || (_options.PeriodicBlackout?.Contains(time) ?? false))
            return true;
        var windows = _options.Blackouts;
        for (int i = 0; i < windows.Count; i++)
        {
            if (windows[i].Contains(time))
                return true;
        }
        return false;
    }

    public override string ToString() => $"{Name}: {Stats}";

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void Offer(long now, Span<byte> datagram, IPEndPoint from, IPEndPoint to, EcnCodepoint ecn)
    {
        long index = ++_offered;
        Stats.OnSent(datagram.Length);
        _network.TraceSend(this, index, datagram, from, to, ecn);
        LinkOptions options = _options;
        DropCause? cause = Admit(now, index, datagram, from, to, ecn, options, out long finishNs, out int waitingAhead);
        if (cause is null && options.EcnMarkQueuePackets > 0 && waitingAhead >= options.EcnMarkQueuePackets
            && ecn is EcnCodepoint.Ect0 or EcnCodepoint.Ect1)
        {
            ecn = EcnCodepoint.Ce;
            Stats.OnCeMarked();
        }
        if (cause is null && _loss.ShouldDrop(options, _random))
            cause = DropCause.Loss;
        if (cause is { } dropped)
        {
            Stats.OnDropped(dropped);
            _network.TraceDrop(this, index, datagram, from, to, dropped);
            return;
        }
        long arrival = (finishNs + 999) / 1000 + options.DelayMicros;
        Transport(arrival, datagram, from, to, ecn, options);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private DropCause? Admit(long now, long index, Span<byte> datagram, IPEndPoint from, IPEndPoint to,
        EcnCodepoint ecn, LinkOptions options, out long finishNs, out int waitingAhead)
    {
        finishNs = 0;
        waitingAhead = 0;
        if (options.Filter is { } filter && filter(new SimPacket(now, index, datagram, from, to, ecn, this)) == FilterVerdict.Drop)
            return DropCause.Filter;
        int overhead = to.AddressFamily == AddressFamily.InterNetworkV6 ? Ipv6UdpHeaderBytes : Ipv4UdpHeaderBytes;
        if (datagram.Length + overhead > options.MtuBytes)
            return DropCause.Mtu;
        if (IsDownAt(now))
            return DropCause.Blackout;
        if (!_queue.TryEnqueue(now, datagram.Length, options, out finishNs, out waitingAhead))
            return DropCause.QueueOverflow;
        Stats.OnQueue(_queue.Packets, _queue.Bytes);
        return null;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Transport(long arrival, Span<byte> datagram, IPEndPoint from, IPEndPoint to, EcnCodepoint ecn, LinkOptions options)
    {
        var effects = ecn == EcnCodepoint.Ce ? DatagramEffects.CeMarked : DatagramEffects.None;
        if (options.ReorderRate > 0 && _random.NextDouble() < options.ReorderRate)
        {
            arrival += options.ReorderDelayMicros;
            effects |= DatagramEffects.Reordered;
            Stats.OnReordered();
        }
        bool duplicate = options.DuplicateRate > 0 && _random.NextDouble() < options.DuplicateRate;
        ScheduleCopy(arrival, datagram, from, to, ecn, effects, options);
        if (duplicate)
        {
            Stats.OnDuplicated();
            ScheduleCopy(arrival + options.DuplicateDelayMicros, datagram, from, to, ecn, effects | DatagramEffects.Duplicate, options);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ScheduleCopy(long arrival, ReadOnlySpan<byte> datagram, IPEndPoint from, IPEndPoint to,
        EcnCodepoint ecn, DatagramEffects effects, LinkOptions options)
    {
        byte[] buffer = _network.RentBuffer(datagram.Length);
        datagram.CopyTo(buffer);
        if (options.CorruptRate > 0 && _random.NextDouble() < options.CorruptRate)
        {
            FlipDistinctBits(buffer.AsSpan(0, datagram.Length), options.CorruptBits);
            effects |= DatagramEffects.Corrupted;
            Stats.OnCorrupted();
        }
        _network.ScheduleDelivery(arrival, this, buffer, datagram.Length, from, to, ecn, effects);
    }

    private void FlipDistinctBits(Span<byte> data, int bits)
    {
        int totalBits = data.Length * 8;
        bits = Math.Min(bits, totalBits);
        Span<int> chosen = stackalloc int[bits];
        for (int n = 0; n < bits; n++)
        {
            int position;
            do
                position = _random.NextInt(totalBits);
            while (chosen[..n].Contains(position));
            chosen[n] = position;
            data[position >> 3] ^= (byte)(1 << (position & 7));
        }
    }
}
