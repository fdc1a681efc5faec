using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Connection;

/// <summary>
/// ACK generation for one packet number space (RFC 9000 §13.2): which packets to report, when an
/// ACK is due and the ECN counts. Initial and Handshake packets are acknowledged at once; in the
/// application space every second ack-eliciting packet, any out-of-order or CE-marked one, and
/// otherwise max_ack_delay after the first unacknowledged ack-eliciting packet.
/// </summary>
internal sealed class AckTracker
{
    private readonly ReceivedPacketSet _received = new();
    private readonly bool _immediateSpace;
    private long _largestReceivedTime;
    private int _ackElicitingSinceAck;
    private bool _newPacketsSinceAck;
    private bool _immediate;
    private ulong _ect0, _ect1, _ce;
    private bool _sawEcn;

    public AckTracker(bool immediateSpace) => _immediateSpace = immediateSpace;

    /// <summary>Ack-eliciting packets that trigger an immediate ACK (RFC 9000 §13.2.2 recommends 2).</summary>
    public int AckElicitingThreshold { get; set; } = 2;

    /// <summary>Our max_ack_delay.</summary>
    public long MaxAckDelayMicros { get; set; } = 25_000;

    /// <summary>When a delayed ACK becomes due; long.MaxValue when none is waiting.</summary>
    public long AckDeadline { get; private set; } = long.MaxValue;

    /// <summary>The largest packet number received in this space (for packet number decoding), or -1.</summary>
    public long LargestReceived { get; private set; } = -1;

    public ReceivedPacketSet Received => _received;

    /// <summary>True when the next ACK should carry ECN counts.</summary>
    public bool HasEcnCounts => _sawEcn;

    public EcnCounts EcnCounts => new(_ect0, _ect1, _ce);

    /// <summary>Something was received since the last ACK we sent: an ACK may ride along with other frames.</summary>
    public bool HasNewPackets => _newPacketsSinceAck;

    /// <summary>True for a packet number already received (or too old to tell): drop the packet (RFC 9000 §12.3).</summary>
    public bool IsDuplicate(long packetNumber) => _received.Contains(packetNumber);

    /// <summary>Records a processed packet and decides when to acknowledge it.</summary>
    public void OnPacketReceived(long packetNumber, bool ackEliciting, EcnMarking ecn, long now)
    {
        long largestBefore = LargestReceived;
        bool outOfOrder = largestBefore >= 0 && packetNumber != largestBefore + 1;
        _received.Add(packetNumber);
        if (packetNumber > largestBefore)
        {
            LargestReceived = packetNumber;
            _largestReceivedTime = now;
        }
        _newPacketsSinceAck = true;
        CountEcn(ecn);
        if (!ackEliciting)
            return;
        _ackElicitingSinceAck++;
        // RFC 9000 §13.2.1: acknowledge at once in Initial/Handshake, on reordering (a gap before the
        // new packet, or a late one filling a gap), on CE, and every second ack-eliciting packet.
        if (_immediateSpace || outOfOrder || ecn == EcnMarking.Ce || _ackElicitingSinceAck >= AckElicitingThreshold)
            _immediate = true;
        else if (AckDeadline == long.MaxValue)
            AckDeadline = now + MaxAckDelayMicros;
    }

    /// <summary>An ACK-only packet is warranted now: never in answer to packets that were not ack-eliciting.</summary>
    public bool IsAckDue(long now) => _ackElicitingSinceAck > 0 && (_immediate || now >= AckDeadline);

    /// <summary>The ACK Delay field value: time since the largest packet arrived.</summary>
    public long AckDelayMicros(long now) => Math.Max(0, now - _largestReceivedTime);

    /// <summary>An ACK frame reporting the current ranges went out.</summary>
    public void OnAckSent()
    {
        _ackElicitingSinceAck = 0;
        _newPacketsSinceAck = false;
        _immediate = false;
        AckDeadline = long.MaxValue;
    }

    /// <summary>A packet carrying our ACK up to <paramref name="largestAcknowledged"/> was acknowledged (ACK-of-ACK).</summary>
    public void OnAckAcknowledged(long largestAcknowledged) => _received.RemoveThrough(largestAcknowledged);

    private void CountEcn(EcnMarking ecn)
    {
        switch (ecn)
        {
            case EcnMarking.Ect0:
                _ect0++;
                _sawEcn = true;
                break;
            case EcnMarking.Ect1:
                _ect1++;
                _sawEcn = true;
                break;
            case EcnMarking.Ce:
                _ce++;
                _sawEcn = true;
                break;
        }
    }
}
