using System.Buffers.Binary;
using System.Net;

namespace QuicKestrel.Protocol.Tests.Simulation.Fakes;

/// <summary>Sends <c>count</c> pings of <c>size</c> bytes every <c>intervalMicros</c> and records each echo's round-trip time.</summary>
internal sealed class Pinger(IPEndPoint target, int count, long intervalMicros, int size = 100) : ISimNode
{
    private long _nextPing;
    private int _sent;

    public List<long> RoundTrips { get; } = [];
    public bool AllAnswered => RoundTrips.Count == count;

    public void HandleDatagram(long now, Span<byte> datagram, IPEndPoint from, IPEndPoint to, EcnCodepoint ecn) =>
        RoundTrips.Add(now - BinaryPrimitives.ReadInt64LittleEndian(datagram));

    public bool PollTransmit(long now, Span<byte> buffer, out SimTransmit transmit)
    {
        if (_sent == count || now < _nextPing)
        {
            transmit = default;
            return false;
        }
        buffer[..size].Clear();
        BinaryPrimitives.WriteInt64LittleEndian(buffer, now);
        _sent++;
        _nextPing = now + intervalMicros;
        transmit = new SimTransmit(size, target);
        return true;
    }

    public long? NextTimeout() => _sent == count ? null : _nextPing;

    public void HandleTimeout(long now)
    {
    }
}
