using System.Net;

namespace QuicKestrel.Protocol.Tests.Simulation;

/// <summary>
/// Something that lives on the simulated network: a QUIC endpoint (through a small adapter over
/// the sans-IO core) or a fake node in the simulator's own tests. The network drives it from a
/// single thread in virtual time; every call gets the current virtual time in microseconds.
/// </summary>
internal interface ISimNode
{
    /// <summary>
    /// A datagram arrived. <paramref name="datagram"/> belongs to the simulator and is only valid
    /// during the call; the node may modify it in place (e.g. decrypt) but must not keep it.
    /// <paramref name="to"/> is the address the sender used.
    /// </summary>
    void HandleDatagram(long now, Span<byte> datagram, IPEndPoint from, IPEndPoint to, EcnCodepoint ecn);

    /// <summary>
    /// Writes the next datagram (or, with a segment size, several of them back to back) into
    /// <paramref name="buffer"/>. Returns false when there is nothing to send right now; the
    /// network keeps calling until then.
    /// </summary>
    bool PollTransmit(long now, Span<byte> buffer, out SimTransmit transmit);

    /// <summary>When the node next wants <see cref="HandleTimeout"/> to be called, or null for never.</summary>
    long? NextTimeout();

    /// <summary>The time returned by <see cref="NextTimeout"/> has come.</summary>
    void HandleTimeout(long now);
}

/// <summary>What <see cref="ISimNode.PollTransmit"/> wrote into the buffer.</summary>
/// <param name="Length">Bytes written, at least 1 and at most the buffer's length.</param>
/// <param name="Destination">Where the datagram(s) go.</param>
/// <param name="SegmentSize">
/// 0 for one datagram; otherwise the buffer holds datagrams of exactly this size, the last one
/// possibly shorter (UDP GSO), and the network splits them.
/// </param>
/// <param name="Ecn">The ECN codepoint the sender marks (ECT(0) for QUIC with ECN).</param>
/// <param name="Source">The source address; null for the node's primary address.</param>
internal readonly record struct SimTransmit(
    int Length,
    IPEndPoint Destination,
    int SegmentSize = 0,
    EcnCodepoint Ecn = EcnCodepoint.NotEct,
    IPEndPoint? Source = null);
