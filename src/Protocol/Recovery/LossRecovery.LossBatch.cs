namespace QuicKestrel.Protocol.Recovery;

internal sealed partial class LossRecovery
{
    /// <summary>
    /// What one loss-detection pass found: totals for the congestion event and the loss filter,
    /// and the persistent-congestion periods, i.e. runs of lost ack-eliciting packets sent after
    /// the first RTT sample with no acknowledged packet between them.
    /// </summary>
    private struct LossBatch
    {
        private const long NoRun = long.MinValue;
        private readonly long _firstRttSampleTime;
        private readonly long _countLossesSentAfter;
        private readonly long _persistentDuration;
        private long _runStart;
        private long _runEnd;

        public LossBatch(long bytesInFlightBefore, long firstRttSampleTime, long persistentDuration, long countLossesSentAfter)
        {
            BytesInFlightBefore = bytesInFlightBefore;
            _countLossesSentAfter = countLossesSentAfter;
            _firstRttSampleTime = firstRttSampleTime;
            _persistentDuration = persistentDuration;
            _runStart = NoRun;
            _runEnd = NoRun;
            LargestLostTimeSent = long.MinValue;
        }

        public long BytesInFlightBefore { get; }

        public int LostPackets { get; private set; }

        public int LostInFlightPackets { get; private set; }

        public long LostInFlightBytes { get; private set; }

        /// <summary>In-flight losses of packets sent after the last reduction: what the loss filter weighs.</summary>
        public int CountableLostPackets { get; private set; }

        public long CountableLostBytes { get; private set; }

        public long LargestLostTimeSent { get; private set; }

        public bool EstablishesPersistentCongestion { get; private set; }

        public void OnLost(in SentPacket packet)
        {
            LostPackets++;
            if (packet.IsMtuProbe)
                return; // RFC 9000 §14.4: not a congestion signal, nor part of a congestion period.
            if (packet.IsInFlight)
            {
                LostInFlightPackets++;
                LostInFlightBytes += packet.Bytes;
                LargestLostTimeSent = Math.Max(LargestLostTimeSent, packet.TimeSent);
                if (packet.TimeSent > _countLossesSentAfter)
                {
                    CountableLostPackets++;
                    CountableLostBytes += packet.Bytes;
                }
            }
            // §7.6.2: only ack-eliciting packets sent after the first RTT sample count.
            if (!packet.IsAckEliciting || packet.TimeSent <= _firstRttSampleTime)
                return;
            if (_runStart == NoRun)
                _runStart = packet.TimeSent;
            _runEnd = packet.TimeSent;
        }

        /// <summary>An acknowledged packet lies between lost ones: the current period ends here.</summary>
        public void OnAckedBetween(LossRecovery recovery, PacketNumberSpace space)
        {
            Finish(recovery, space);
            _runStart = NoRun;
            _runEnd = NoRun;
        }

        /// <summary>Evaluates the open period.</summary>
        public void Finish(LossRecovery recovery, PacketNumberSpace space)
        {
            if (EstablishesPersistentCongestion || _runStart == NoRun)
                return;
            if (PersistentCongestion.Spans(_runStart, _runEnd, _persistentDuration)
                && !recovery.OtherSpaceAckedBetween(space, _runStart, _runEnd))
                EstablishesPersistentCongestion = true;
        }
    }
}
