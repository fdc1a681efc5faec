using System.Net;

namespace QuicKestrel.Protocol.Tests.Simulation.Fakes;

/// <summary>Sends exactly the transmits it was given, each at its time (in the order added for equal times).</summary>
internal sealed class ScriptedSender(IPEndPoint destination) : ISimNode
{
    private readonly List<Entry> _script = [];
    private int _next;

    public bool Finished => _next == _script.Count;

    /// <summary>Queues <paramref name="data"/> (several datagrams when <paramref name="segmentSize"/> is set) for time <paramref name="at"/>.</summary>
    public ScriptedSender Add(long at, byte[] data, int segmentSize = 0, EcnCodepoint ecn = EcnCodepoint.NotEct,
        IPEndPoint? to = null, IPEndPoint? source = null)
    {
        int index = _script.FindLastIndex(e => e.At <= at) + 1;
        _script.Insert(Math.Max(index, _next), new Entry(at, data, segmentSize, ecn, to ?? destination, source));
        return this;
    }

    /// <summary>Queues <paramref name="count"/> self-checking datagrams of <paramref name="length"/> bytes, all at <paramref name="at"/>.</summary>
    public ScriptedSender AddBurst(long at, int count, int length, EcnCodepoint ecn = EcnCodepoint.NotEct, ulong firstSequence = 0)
    {
        for (int i = 0; i < count; i++)
        {
            var data = new byte[length];
            TestPayload.Write(data, firstSequence + (ulong)i);
            Add(at, data, ecn: ecn);
        }
        return this;
    }

    public void HandleDatagram(long now, Span<byte> datagram, IPEndPoint from, IPEndPoint to, EcnCodepoint ecn)
    {
    }

    public bool PollTransmit(long now, Span<byte> buffer, out SimTransmit transmit)
    {
        if (Finished || _script[_next].At > now)
        {
            transmit = default;
            return false;
        }
        Entry entry = _script[_next++];
        entry.Data.CopyTo(buffer);
        transmit = new SimTransmit(entry.Data.Length, entry.To, entry.SegmentSize, entry.Ecn, entry.Source);
        return true;
    }

    public long? NextTimeout() => Finished ? null : _script[_next].At;

    public void HandleTimeout(long now)
    {
    }

    private sealed record Entry(long At, byte[] Data, int SegmentSize, EcnCodepoint Ecn, IPEndPoint To, IPEndPoint? Source);
}
