using QuicKestrel.Protocol.Recovery;

using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Tests.Recovery.Simulation;

/// <summary>
/// The receiving end: records delivered segments and builds ACK frames the way RFC 9000 §13.2
/// asks: immediately for every second ack-eliciting packet or for a packet that arrives out of
/// order, otherwise within max_ack_delay.
/// </summary>
internal sealed class SimulatedReceiver(long segments, long maxAckDelay)
{
    private const int MaxRanges = 32;
    private readonly bool[] _delivered = new bool[segments];
    private readonly List<AckRange> _ranges = []; // descending, disjoint, non-adjacent
    private long _largest = -1;
    private long _largestTime;
    private int _unacknowledged;

    public long DeliveredSegments { get; private set; }

    public long AckTimerGeneration { get; private set; }

    public bool AckTimerArmed { get; private set; }

    /// <summary>Takes a packet; returns whether an ACK must go now, else whether a timer must be armed.</summary>
    public bool OnPacket(long now, long pn, long segment, out bool armTimer)
    {
        if (segment >= 0 && !_delivered[segment])
        {
            _delivered[segment] = true;
            DeliveredSegments++;
        }
        bool inOrder = pn == _largest + 1;
        Insert(pn);
        if (pn > _largest)
        {
            _largest = pn;
            _largestTime = now;
        }
        _unacknowledged++;
        armTimer = false;
        if (_unacknowledged >= 2 || !inOrder)
            return true;
        if (!AckTimerArmed)
        {
            AckTimerArmed = true;
            AckTimerGeneration++;
            armTimer = true;
        }
        return false;
    }

    /// <summary>Builds an ACK frame and resets the acknowledgement state.</summary>
    public AckRange[] BuildAck(long now, out long ackDelay)
    {
        _unacknowledged = 0;
        AckTimerArmed = false;
        AckTimerGeneration++;
        ackDelay = now - _largestTime;
        return _ranges.ToArray();
    }

    public long DelayFor(long now) => now + maxAckDelay;

    private void Insert(long pn)
    {
        if (_ranges.Count > 0 && pn == _ranges[0].Largest + 1)
        {
            _ranges[0] = _ranges[0] with { Largest = pn };
            return;
        }
        int i = 0;
        while (i < _ranges.Count && _ranges[i].Smallest > pn)
            i++;
        if (i < _ranges.Count && _ranges[i].Largest >= pn)
            return; // duplicate
        _ranges.Insert(i, new AckRange(pn, pn));
        // Merge with neighbours that became adjacent.
        if (i + 1 < _ranges.Count && _ranges[i + 1].Largest + 1 == pn)
        {
            _ranges[i] = new AckRange(_ranges[i + 1].Smallest, _ranges[i].Largest);
            _ranges.RemoveAt(i + 1);
        }
        if (i > 0 && _ranges[i - 1].Smallest - 1 == _ranges[i].Largest)
        {
            _ranges[i - 1] = new AckRange(_ranges[i].Smallest, _ranges[i - 1].Largest);
            _ranges.RemoveAt(i);
        }
        if (_ranges.Count > MaxRanges)
            _ranges.RemoveAt(_ranges.Count - 1);
    }
}
