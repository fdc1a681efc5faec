using System.Net;

namespace QuicKestrel.Protocol.Tests.Simulation;

internal enum FilterVerdict
{
    Pass,
    Drop,
}

/// <summary>Decides a datagram's fate before anything else on a link; may also rewrite its bytes.</summary>
internal delegate FilterVerdict PacketFilter(in SimPacket packet);

/// <summary>A datagram entering one direction of a link, as a <see cref="PacketFilter"/> sees it.</summary>
/// <param name="Index">1-based count of datagrams offered to this direction, this one included.</param>
internal readonly ref struct SimPacket(long now, long index, Span<byte> data, IPEndPoint from, IPEndPoint to, EcnCodepoint ecn, SimLink link)
{
    public long Now { get; } = now;
    public long Index { get; } = index;
    public Span<byte> Data { get; } = data;
    public IPEndPoint From { get; } = from;
    public IPEndPoint To { get; } = to;
    public EcnCodepoint Ecn { get; } = ecn;
    public SimLink Link { get; } = link;
}
