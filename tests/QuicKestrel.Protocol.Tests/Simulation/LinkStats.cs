namespace QuicKestrel.Protocol.Tests.Simulation;

/// <summary>Counters of one direction of a link.</summary>
internal sealed class LinkStats
{
    private readonly long[] _dropped = new long[Enum.GetValues<DropCause>().Length];

    /// <summary>Datagrams offered to the link (everything the sender put on it).</summary>
    public long DatagramsSent { get; private set; }
    public long BytesSent { get; private set; }

    /// <summary>Datagrams handed to the receiving node, duplicates included.</summary>
    public long DatagramsDelivered { get; private set; }
    public long BytesDelivered { get; private set; }

    public long Duplicated { get; private set; }
    public long Reordered { get; private set; }
    public long Corrupted { get; private set; }
    public long CeMarked { get; private set; }

    /// <summary>Most datagrams / bytes ever waiting in the queue at once.</summary>
    public int MaxQueuePackets { get; private set; }
    public long MaxQueueBytes { get; private set; }

    public long Dropped(DropCause cause) => _dropped[(int)cause];

    public long DroppedTotal => _dropped.Sum();

    public override string ToString() =>
        $"sent {DatagramsSent} ({BytesSent} B), delivered {DatagramsDelivered} ({BytesDelivered} B), dropped: " +
        $"loss {Dropped(DropCause.Loss)}, queue {Dropped(DropCause.QueueOverflow)}, mtu {Dropped(DropCause.Mtu)}, " +
        $"blackout {Dropped(DropCause.Blackout)}, filter {Dropped(DropCause.Filter)}; dup {Duplicated}, " +
        $"reordered {Reordered}, corrupted {Corrupted}, CE {CeMarked}, max queue {MaxQueuePackets}";

    internal void OnSent(int bytes)
    {
        DatagramsSent++;
        BytesSent += bytes;
    }

    internal void OnDelivered(int bytes)
    {
        DatagramsDelivered++;
        BytesDelivered += bytes;
    }

    internal void OnDropped(DropCause cause) => _dropped[(int)cause]++;

    internal void OnQueue(int packets, long bytes)
    {
        MaxQueuePackets = Math.Max(MaxQueuePackets, packets);
        MaxQueueBytes = Math.Max(MaxQueueBytes, bytes);
    }

    internal void OnDuplicated() => Duplicated++;
    internal void OnReordered() => Reordered++;
    internal void OnCorrupted() => Corrupted++;
    internal void OnCeMarked() => CeMarked++;
}
