using QuicKestrel.Protocol.Recovery;

using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Tests.Recovery.Simulation;

/// <summary>
/// A bulk transfer of one stream of segments over a simulated path, in virtual time, driven the
/// way a connection drives <see cref="LossRecovery"/>: send while the window and pacer allow,
/// send PTO probes regardless, resend the segments of lost packets, sleep until the pacer's
/// wake-up or the loss detection timer. Only the Application Data space is used.
/// </summary>
internal sealed class RecoverySimulation : ISentPacketListener
{
    private const PacketNumberSpace App = PacketNumberSpace.ApplicationData;
    private const long MaxEvents = 20_000_000;
    private const long TraceInterval = 50_000;
    private readonly SimulatedLink _forward;
    private readonly SimulatedLink _backward;
    private readonly LinkQueue _forwardQueue;
    private readonly LinkQueue _backwardQueue;
    private readonly SimulatedReceiver _receiver;
    private readonly int _segmentSize;
    private readonly long _segments;
    private readonly bool[] _segmentAcked;
    private readonly Queue<long> _retransmit = new();
    private readonly PriorityQueue<Event, (long, long)> _events = new();
    private readonly HashSet<long> _wakeUps = [];
    private long _sequence;
    private long _nextSegment;
    private long _nextPn;
    private long _lastTrace = -1;

    public RecoverySimulation(RecoveryOptions options, SimulatedLink forward, SimulatedLink backward, long transferBytes, int seed)
    {
        _forward = forward;
        _backward = backward;
        var random = new Random(seed);
        _forwardQueue = new LinkQueue(forward, random);
        _backwardQueue = new LinkQueue(backward, random);
        _segmentSize = options.MaxDatagramSize;
        _segments = (transferBytes + _segmentSize - 1) / _segmentSize;
        _segmentAcked = new bool[_segments];
        _receiver = new SimulatedReceiver(_segments, RecoveryConstants.DefaultMaxAckDelayMicros);
        Recovery = new LossRecovery(options, this, isServer: true);
        Recovery.DiscardSpace(PacketNumberSpace.Initial, 0);
        Recovery.DiscardSpace(PacketNumberSpace.Handshake, 0);
        Recovery.OnHandshakeConfirmed(0);
    }

    public LossRecovery Recovery { get; }

    /// <summary>Receives a line of state every 50 ms of virtual time and at each reduction.</summary>
    public Action<string>? Trace { get; set; }

    public long PacketsSent => _nextPn;

    public long ForwardDrops => _forwardQueue.Dropped;

    /// <summary>Runs until every segment is delivered or <paramref name="timeLimit"/>; returns the completion time or -1.</summary>
    public long Run(long timeLimit)
    {
        SenderRun(0);
        for (long handled = 0; handled < MaxEvents && _events.TryDequeue(out Event? e, out var key); handled++)
        {
            long now = key.Item1;
            if (now > timeLimit)
                return -1;
            switch (e.Kind)
            {
                case EventKind.PacketArrives:
                    OnPacketArrives(now, e.PacketNumber, e.Segment);
                    if (_receiver.DeliveredSegments == _segments)
                        return now;
                    break;
                case EventKind.AckTimer when e.Generation == _receiver.AckTimerGeneration && _receiver.AckTimerArmed:
                    SendAck(now);
                    break;
                case EventKind.AckArrives:
                    long reductions = Recovery.Statistics.CongestionEvents;
                    Recovery.OnAckReceived(App, e.Ranges!, e.AckDelay, now);
                    if (Trace is not null && (now / TraceInterval != _lastTrace || Recovery.Statistics.CongestionEvents != reductions))
                        TraceState(now);
                    SenderRun(now);
                    break;
                case EventKind.SenderWake:
                    _wakeUps.Remove(now);
                    SenderRun(now);
                    break;
            }
        }
        return -1;
    }

    public void OnPacketAcked(PacketNumberSpace space, in SentPacket packet)
    {
        if (packet.FramesToken >= 0)
            _segmentAcked[packet.FramesToken] = true;
    }

    public void OnPacketLost(PacketNumberSpace space, in SentPacket packet)
    {
        if (packet.FramesToken >= 0 && !_segmentAcked[packet.FramesToken])
            _retransmit.Enqueue(packet.FramesToken);
    }

    public void OnPacketDiscarded(PacketNumberSpace space, in SentPacket packet)
    {
    }

    private void TraceState(long now)
    {
        _lastTrace = now / TraceInterval;
        var cc = Recovery.Congestion;
        Trace!($"t={now / 1000.0:F1} ms cwnd={cc.CongestionWindow / _segmentSize} ssthresh={Math.Min(cc.SlowStartThreshold / _segmentSize, 1L << 30)} " +
            $"inflight={cc.BytesInFlight / _segmentSize} srtt={Recovery.Rtt.SmoothedRtt} delivered={_receiver.DeliveredSegments} " +
            $"reductions={Recovery.Statistics.CongestionEvents} lost={Recovery.Statistics.PacketsLost}");
    }

    private void SenderRun(long now)
    {
        if (now >= Recovery.LossDetectionTimer)
            Recovery.OnLossDetectionTimeout(now);
        while (Recovery.ProbesPending(App) > 0)
            SendPacket(now, NextSegment() ?? OldestOutstandingSegment());
        while (true)
        {
            long? segment = PeekSegment();
            if (segment is null)
            {
                Recovery.IsApplicationLimited = true;
                break;
            }
            if (Recovery.GetSendAllowance(now, out long next) < _segmentSize)
            {
                Recovery.IsApplicationLimited = false;
                WakeAt(next);
                break;
            }
            SendPacket(now, NextSegment());
        }
        WakeAt(Recovery.LossDetectionTimer);
    }

    private void SendPacket(long now, long? segment)
    {
        long pn = _nextPn++;
        long token = segment ?? -1; // -1: a PING with nothing to resend
        Recovery.OnPacketSent(App, new SentPacket(pn, now, _segmentSize, SentPacketFlags.AckEliciting | SentPacketFlags.InFlight, token));
        long arrival = _forwardQueue.Offer(now, _segmentSize);
        if (arrival >= 0)
            Schedule(arrival, new Event(EventKind.PacketArrives) { PacketNumber = pn, Segment = token });
    }

    private void OnPacketArrives(long now, long pn, long segment)
    {
        if (_receiver.OnPacket(now, pn, segment, out bool armTimer))
            SendAck(now);
        else if (armTimer)
            Schedule(_receiver.DelayFor(now), new Event(EventKind.AckTimer) { Generation = _receiver.AckTimerGeneration });
    }

    private void SendAck(long now)
    {
        AckRange[] ranges = _receiver.BuildAck(now, out long ackDelay);
        long arrival = _backwardQueue.Offer(now, 50);
        if (arrival >= 0)
            Schedule(arrival, new Event(EventKind.AckArrives) { Ranges = ranges, AckDelay = ackDelay });
    }

    private long? PeekSegment()
    {
        while (_retransmit.Count > 0 && _segmentAcked[_retransmit.Peek()])
            _retransmit.Dequeue();
        if (_retransmit.Count > 0)
            return _retransmit.Peek();
        return _nextSegment < _segments ? _nextSegment : null;
    }

    private long? NextSegment()
    {
        long? segment = PeekSegment();
        if (segment is null)
            return null;
        if (_retransmit.Count > 0)
            _retransmit.Dequeue();
        else
            _nextSegment++;
        return segment;
    }

    private long? OldestOutstandingSegment() =>
        Recovery.TryGetOldestOutstanding(App, out SentPacket oldest) && oldest.FramesToken >= 0 ? oldest.FramesToken : null;

    private void WakeAt(long time)
    {
        if (time != RecoveryConstants.Never && _wakeUps.Add(time))
            Schedule(time, new Event(EventKind.SenderWake));
    }

    private void Schedule(long time, Event e) => _events.Enqueue(e, (time, _sequence++));

    private enum EventKind
    {
        PacketArrives,
        AckTimer,
        AckArrives,
        SenderWake,
    }

    private sealed record Event(EventKind Kind)
    {
        public long PacketNumber { get; init; }
        public long Segment { get; init; }
        public long Generation { get; init; }
        public AckRange[]? Ranges { get; init; }
        public long AckDelay { get; init; }
    }
}
