namespace QuicKestrel.Protocol.Tests.Simulation;

internal enum DropCause
{
    /// <summary>Random (or bursty) loss.</summary>
    Loss,
    /// <summary>The drop-tail queue was full.</summary>
    QueueOverflow,
    /// <summary>Larger than the link's MTU.</summary>
    Mtu,
    /// <summary>The link was off.</summary>
    Blackout,
    /// <summary>A <see cref="PacketFilter"/> said drop.</summary>
    Filter,
    /// <summary>No link from the sender to the destination address.</summary>
    Unroutable,
}

/// <summary>What happened to a delivered datagram on the way.</summary>
[Flags]
internal enum DatagramEffects : byte
{
    None = 0,
    Reordered = 1,
    Duplicate = 2,
    Corrupted = 4,
    CeMarked = 8,
}
