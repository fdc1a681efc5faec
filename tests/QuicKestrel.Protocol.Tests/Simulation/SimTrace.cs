using System.Net;

namespace QuicKestrel.Protocol.Tests.Simulation;

internal enum SimTraceKind : byte
{
    /// <summary>A node handed a datagram to the network (after GSO splitting).</summary>
    Send,
    /// <summary>A datagram was dropped; see <see cref="SimTraceEvent.Cause"/>.</summary>
    Drop,
    /// <summary>A datagram reached its node.</summary>
    Deliver,
    /// <summary>A node's timer fired.</summary>
    Timeout,
}

/// <summary>Receives every simulator event while set on <see cref="SimNetwork.Trace"/>.</summary>
internal delegate void SimTraceHandler(in SimTraceEvent traceEvent);

/// <summary>One simulator event. <see cref="Data"/> is only valid during the handler call.</summary>
internal readonly ref struct SimTraceEvent
{
    public long Time { get; init; }
    public SimTraceKind Kind { get; init; }

    /// <summary>The sender (Send, unroutable Drop), receiver (Deliver) or timer owner (Timeout).</summary>
    public SimHost? Host { get; init; }

    /// <summary>The link carrying the datagram; null for timeouts and unroutable datagrams.</summary>
    public SimLink? Link { get; init; }

    /// <summary>The link's 1-based count of datagrams offered (Send, Drop on a link); 0 otherwise.</summary>
    public long Index { get; init; }

    public IPEndPoint? From { get; init; }
    public IPEndPoint? To { get; init; }
    public EcnCodepoint Ecn { get; init; }
    public DropCause Cause { get; init; }
    public DatagramEffects Effects { get; init; }
    public ReadOnlySpan<byte> Data { get; init; }
}
