using QuicKestrel.Protocol.Connection;

namespace QuicKestrel.Protocol.Api;

// QUIC_PARAM_CONN_STATISTICS(_V2) and NETWORK_STATISTICS from the engine's counters.
internal sealed partial class ApiConnection
{
    private QuicStatisticsV2 StatisticsV2(QuicConnection engine)
    {
        ConnectionStatisticsSnapshot s = engine.GetStatistics();
        ConnectionStatistics counters = engine.Counters;
        return new QuicStatisticsV2
        {
            CorrelationId = (ulong)Handle.GetHashCode(),
            Rtt = Micros(s.SmoothedRttMicros),
            MinRtt = Micros(s.MinRttMicros),
            MaxRtt = Micros(Math.Max(s.SmoothedRttMicros, s.LatestRttMicros)),
            RttVariance = Micros(s.RttVarianceMicros),
            SendPathMtu = (ushort)Math.Clamp(s.PathMaxDatagramSize, 0, ushort.MaxValue),
            SendTotalPackets = (ulong)s.PacketsSent,
            SendRetransmittablePackets = (ulong)s.PacketsSent,
            SendSuspectedLostPackets = (ulong)s.PacketsLost,
            SendTotalBytes = (ulong)s.BytesSent,
            SendCongestionCount = (uint)s.CongestionEvents,
            SendPersistentCongestionCount = (uint)s.PersistentCongestionEvents,
            SendCongestionWindow = (uint)Math.Clamp(s.CongestionWindow, 0, uint.MaxValue),
            RecvTotalPackets = (ulong)s.PacketsReceived,
            RecvTotalBytes = (ulong)s.BytesReceived,
            RecvDroppedPackets = (ulong)counters.PacketsDropped,
            RecvDuplicatePackets = (ulong)counters.DuplicatePacketsReceived,
            RecvDecryptionFailures = (ulong)counters.DecryptionFailures,
            RecvTotalStreamBytes = (ulong)counters.StreamBytesReceived,
            KeyUpdateCount = (uint)s.KeyUpdates,
            StatelessRetry = engine.RetryReceived,
            ResumptionAttempted = counters.ResumptionAttempted,
            ResumptionSucceeded = counters.ResumptionSucceeded,
        };
    }

    /// <summary>The first statistics layout, filled from the same figures.</summary>
    private QuicStatistics StatisticsV1(QuicConnection engine)
    {
        QuicStatisticsV2 v2 = StatisticsV2(engine);
        return new QuicStatistics
        {
            CorrelationId = v2.CorrelationId,
            Rtt = v2.Rtt,
            MinRtt = v2.MinRtt,
            MaxRtt = v2.MaxRtt,
            Send = new QuicStatistics.SendStats
            {
                PathMtu = v2.SendPathMtu,
                TotalPackets = v2.SendTotalPackets,
                RetransmittablePackets = v2.SendRetransmittablePackets,
                SuspectedLostPackets = v2.SendSuspectedLostPackets,
                TotalBytes = v2.SendTotalBytes,
                CongestionCount = v2.SendCongestionCount,
                PersistentCongestionCount = v2.SendPersistentCongestionCount,
            },
            Recv = new QuicStatistics.RecvStats
            {
                TotalPackets = v2.RecvTotalPackets,
                TotalBytes = v2.RecvTotalBytes,
                DroppedPackets = v2.RecvDroppedPackets,
                DuplicatePackets = v2.RecvDuplicatePackets,
                DecryptionFailures = v2.RecvDecryptionFailures,
                TotalStreamBytes = v2.RecvTotalStreamBytes,
            },
            Misc = new QuicStatistics.MiscStats { KeyUpdateCount = v2.KeyUpdateCount },
            StatelessRetry = v2.StatelessRetry,
            ResumptionAttempted = v2.ResumptionAttempted,
            ResumptionSucceeded = v2.ResumptionSucceeded,
        };
    }

    private static QuicNetworkStatistics NetworkStatistics(QuicConnection engine, ulong idealBytes)
    {
        ConnectionStatisticsSnapshot s = engine.GetStatistics();
        return new QuicNetworkStatistics
        {
            BytesInFlight = (uint)Math.Clamp(s.BytesInFlight, 0, uint.MaxValue),
            IdealBytes = idealBytes,
            SmoothedRtt = (ulong)Math.Max(0, s.SmoothedRttMicros),
            CongestionWindow = (uint)Math.Clamp(s.CongestionWindow, 0, uint.MaxValue),
            Bandwidth = s.SmoothedRttMicros > 0 ? (ulong)(s.CongestionWindow * 1_000_000 / s.SmoothedRttMicros) : 0,
        };
    }

    private static uint Micros(long value) => (uint)Math.Clamp(value, 0, uint.MaxValue);
}
