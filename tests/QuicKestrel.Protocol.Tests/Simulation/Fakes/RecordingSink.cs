using System.Net;

namespace QuicKestrel.Protocol.Tests.Simulation.Fakes;

/// <summary>Keeps a copy of everything that arrives, with time, addresses and ECN (allocates; for small tests).</summary>
internal sealed class RecordingSink : ISimNode
{
    public List<Arrival> Arrivals { get; } = [];

    public void HandleDatagram(long now, Span<byte> datagram, IPEndPoint from, IPEndPoint to, EcnCodepoint ecn) =>
        Arrivals.Add(new Arrival(now, datagram.ToArray(), from, to, ecn));

    public bool PollTransmit(long now, Span<byte> buffer, out SimTransmit transmit)
    {
        transmit = default;
        return false;
    }

    public long? NextTimeout() => null;

    public void HandleTimeout(long now)
    {
    }

    internal sealed record Arrival(long Time, byte[] Data, IPEndPoint From, IPEndPoint To, EcnCodepoint Ecn);
}
