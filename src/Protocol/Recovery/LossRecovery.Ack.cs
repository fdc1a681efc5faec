using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Recovery;

internal sealed partial class LossRecovery
{
    private const ulong AckFrameType = 0x02;

    /// <summary>Processes an ACK frame without ECN counts (Appendix A.7).</summary>
    public QuicError OnAckReceived(PacketNumberSpace space, ReadOnlySpan<AckRange> ranges, long ackDelayMicros, long now) =>
        ProcessAck(space, ranges, ackDelayMicros, hasEcn: false, default, now);

    /// <summary>Processes an ACK_ECN frame (Appendix A.7, RFC 9000 §13.4.2).</summary>
    public QuicError OnAckReceived(PacketNumberSpace space, ReadOnlySpan<AckRange> ranges, long ackDelayMicros, in EcnCounts ecn, long now) =>
        ProcessAck(space, ranges, ackDelayMicros, hasEcn: true, ecn, now);

    private QuicError ProcessAck(PacketNumberSpace space, ReadOnlySpan<AckRange> ranges, long ackDelayMicros, bool hasEcn, in EcnCounts ecn, long now)
    {
        PacketSpaceState state = _spaces[(int)space];
        if (state.Discarded)
            return QuicError.None;
        QuicError error = ValidateRanges(ranges, state.Sent.LargestSent);
        if (error.IsError)
            return error;

        long largest = ranges[0].Largest;
        bool largestIncreased = largest > state.LargestAcked;
        if (largestIncreased)
            state.LargestAcked = largest;
        if (space == PacketNumberSpace.Handshake)
            _clientReceivedHandshakeAck = true; // The server got a Handshake packet: it validated our address.

        CollectNewlyAcked(state, ranges, out long largestNewlyAcked, out long largestTimeSent, out bool ackEliciting, out int ect0Acked);
        if (_ackedCount == 0)
            return QuicError.None;

        bool rttSampled = largestNewlyAcked == largest && ackEliciting;
        if (rttSampled)
        {
            // §5.3: the Initial space's ACKs are never delayed on purpose, so their delay is ignored.
            long ackDelay = space == PacketNumberSpace.Initial ? 0 : ackDelayMicros;
            Rtt.AddSample(now - largestTimeSent, ackDelay, HandshakeConfirmed, PeerMaxAckDelayMicros, now);
        }

        if (Ecn.OnAck(space, hasEcn, ecn, ect0Acked, largestIncreased))
        {
            Statistics.EcnCongestionEvents++;
            OnCongestionSignal(now, largestTimeSent);
        }

        DetectAndRemoveLostPackets(state, now);
        DeliverAcked(space, now, rttSampled);

        if (PeerCompletedAddressValidation)
            PtoCount = 0;
        state.Sent.TrimResolvedHead();
        SetLossDetectionTimer(now);
        return QuicError.None;
    }

    private static QuicError ValidateRanges(ReadOnlySpan<AckRange> ranges, long largestSent)
    {
        if (ranges.IsEmpty)
            return new QuicError(TransportErrorCode.FrameEncodingError, AckFrameType, "ACK frame without ranges");
        for (int i = 0; i < ranges.Length; i++)
        {
            AckRange range = ranges[i];
            if (range.Smallest < 0 || range.Smallest > range.Largest)
                return new QuicError(TransportErrorCode.FrameEncodingError, AckFrameType, "ACK range is inverted");
            // Ranges descend with a gap of at least one unacknowledged packet (RFC 9000 §19.3.1).
            if (i > 0 && range.Largest > ranges[i - 1].Smallest - 2)
                return new QuicError(TransportErrorCode.FrameEncodingError, AckFrameType, "ACK ranges overlap or ascend");
        }
        // RFC 9000 §13.1: acknowledging a packet never sent is a protocol violation.
        if (ranges[0].Largest > largestSent)
            return new QuicError(TransportErrorCode.ProtocolViolation, AckFrameType, "ACK of a packet never sent");
        return QuicError.None;
    }

    private void CollectNewlyAcked(PacketSpaceState state, ReadOnlySpan<AckRange> ranges, out long largestNewlyAcked,
        out long largestTimeSent, out bool ackEliciting, out int ect0Acked)
    {
        _ackedCount = 0;
        largestNewlyAcked = -1;
        largestTimeSent = 0;
        ackEliciting = false;
        ect0Acked = 0;
        SentPacketStore store = state.Sent;
        foreach (AckRange range in ranges)
        {
            for (int i = store.LowerBound(range.Smallest); i < store.Count; i++)
            {
                ref SentPacket packet = ref store[i];
                if (packet.PacketNumber > range.Largest)
                    break;
                if (!packet.IsOutstanding)
                    continue;
                store.Resolve(i, SentPacketState.Acked);
                AppendAcked(packet);
                if (packet.PacketNumber > largestNewlyAcked)
                {
                    largestNewlyAcked = packet.PacketNumber;
                    largestTimeSent = packet.TimeSent;
                }
                if (packet.IsAckEliciting)
                {
                    ackEliciting = true;
                    state.AckElicitingInFlight--;
                }
                if (packet.IsEct0)
                    ect0Acked++;
            }
        }
    }

    private void AppendAcked(in SentPacket packet)
    {
        if (_ackedCount == _acked.Length)
            Array.Resize(ref _acked, _acked.Length * 2); // Grows to the largest ACK seen, then never again.
        _acked[_ackedCount++] = packet;
    }

    /// <summary>Appendix A.7 OnPacketsAcked, after loss detection so this ACK's losses are already counted.</summary>
    private void DeliverAcked(PacketNumberSpace space, long now, bool rttSampled)
    {
        for (int i = 0; i < _ackedCount; i++)
        {
            ref SentPacket packet = ref _acked[i];
            if (packet.IsInFlight)
            {
                Congestion.OnPacketAcked(packet.TimeSent, packet.Bytes);
                _lossFilter.OnPacketAcked(packet.TimeSent);
            }
            _listener.OnPacketAcked(space, packet);
        }
        Statistics.PacketsAcked += _ackedCount;
        _ackedCount = 0;
        Congestion.OnAckProcessed(now, Rtt, rttSampled, IsApplicationLimited);
        _lossFilter.OnAckProcessed(now);
    }
}
