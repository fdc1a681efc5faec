using System.Net;
using System.Runtime.CompilerServices;

namespace QuicKestrel.Protocol.Tests.Simulation.Fakes;

/// <summary>
/// Sends numbered, self-checking datagrams of a fixed size at a fixed bit rate from
/// <c>startMicros</c> until <c>count</c> are sent. Allocates nothing per datagram.
/// </summary>
internal sealed class PacedSender(IPEndPoint destination, long bitsPerSecond, int datagramBytes, long count,
    long startMicros = 0, EcnCodepoint ecn = EcnCodepoint.NotEct) : ISimNode
{
    private readonly long _intervalNanos = datagramBytes * 8_000_000_000L / bitsPerSecond;
    private long _nextSendNanos = startMicros * 1000;

    public long Sent { get; private set; }
    public bool Finished => Sent >= count;

    /// <summary>When datagram number <paramref name="sequence"/> (from 0) is sent.</summary>
    public long SendTimeOf(long sequence) => (startMicros * 1000 + sequence * _intervalNanos + 999) / 1000;

    public void HandleDatagram(long now, Span<byte> datagram, IPEndPoint from, IPEndPoint to, EcnCodepoint ecn)
    {
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool PollTransmit(long now, Span<byte> buffer, out SimTransmit transmit)
    {
        if (Finished || now * 1000 < _nextSendNanos)
        {
            transmit = default;
            return false;
        }
        TestPayload.Write(buffer[..datagramBytes], (ulong)Sent);
        Sent++;
        _nextSendNanos += _intervalNanos;
        transmit = new SimTransmit(datagramBytes, destination, Ecn: ecn);
        return true;
    }

    public long? NextTimeout() => Finished ? null : (_nextSendNanos + 999) / 1000;

    public void HandleTimeout(long now)
    {
    }
}
