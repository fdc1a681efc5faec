namespace QuicKestrel.Protocol.Tests.Simulation;

/// <summary>Counters of one node, as the network saw it.</summary>
internal sealed class NodeStats
{
    /// <summary>Transmits returned by PollTransmit (one GSO buffer counts once).</summary>
    public long Transmits { get; private set; }

    /// <summary>Datagrams sent after GSO splitting, and their payload bytes.</summary>
    public long DatagramsSent { get; private set; }
    public long BytesSent { get; private set; }

    public long DatagramsReceived { get; private set; }
    public long BytesReceived { get; private set; }

    /// <summary>Datagrams sent to an address no link from this node reaches.</summary>
    public long Unroutable { get; private set; }

    public long TimeoutsHandled { get; private set; }

    public override string ToString() =>
        $"sent {DatagramsSent} ({BytesSent} B in {Transmits} transmits), received {DatagramsReceived} ({BytesReceived} B), " +
        $"unroutable {Unroutable}, timeouts {TimeoutsHandled}";

    internal void OnTransmit() => Transmits++;

    internal void OnSent(int bytes)
    {
        DatagramsSent++;
        BytesSent += bytes;
    }

    internal void OnReceived(int bytes)
    {
        DatagramsReceived++;
        BytesReceived += bytes;
    }

    internal void OnUnroutable() => Unroutable++;
    internal void OnTimeout() => TimeoutsHandled++;
}
