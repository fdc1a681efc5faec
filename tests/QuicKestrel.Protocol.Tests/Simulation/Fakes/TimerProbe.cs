using System.Net;

namespace QuicKestrel.Protocol.Tests.Simulation.Fakes;

/// <summary>A node with a settable timer that records when it fires; can also be made to spin.</summary>
internal sealed class TimerProbe : ISimNode
{
    public long? Timeout { get; set; }
    public List<long> Fired { get; } = [];

    /// <summary>Never clears its timer, so it would fire forever at the same instant.</summary>
    public bool StuckTimer { get; set; }

    /// <summary>Always has another datagram to send (to <see cref="SpinTarget"/>).</summary>
    public IPEndPoint? SpinTarget { get; set; }

    public void HandleDatagram(long now, Span<byte> datagram, IPEndPoint from, IPEndPoint to, EcnCodepoint ecn)
    {
    }

    public bool PollTransmit(long now, Span<byte> buffer, out SimTransmit transmit)
    {
        transmit = SpinTarget is null ? default : new SimTransmit(10, SpinTarget);
        return SpinTarget is not null;
    }

    public long? NextTimeout() => Timeout;

    public void HandleTimeout(long now)
    {
        Fired.Add(now);
        if (!StuckTimer)
            Timeout = null;
    }
}
