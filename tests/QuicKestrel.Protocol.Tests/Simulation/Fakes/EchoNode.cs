using System.Net;

namespace QuicKestrel.Protocol.Tests.Simulation.Fakes;

/// <summary>Sends every datagram straight back to where it came from, from the address it was sent to.</summary>
internal sealed class EchoNode : ISimNode
{
    private readonly Queue<(byte[] Data, IPEndPoint To, IPEndPoint From)> _replies = new();

    public void HandleDatagram(long now, Span<byte> datagram, IPEndPoint from, IPEndPoint to, EcnCodepoint ecn) =>
        _replies.Enqueue((datagram.ToArray(), from, to));

    public bool PollTransmit(long now, Span<byte> buffer, out SimTransmit transmit)
    {
        if (!_replies.TryDequeue(out var reply))
        {
            transmit = default;
            return false;
        }
        reply.Data.CopyTo(buffer);
        transmit = new SimTransmit(reply.Data.Length, reply.To, Source: reply.From);
        return true;
    }

    public long? NextTimeout() => null;

    public void HandleTimeout(long now)
    {
    }
}
