using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Perf;

/// <summary>The --stats diagnostic line (to stderr, so stdout keeps one result line): a client connection's transport counters.</summary>
internal static class ConnectionStats
{
    public static string Describe(QuicApiTable api, QuicHandle connection)
    {
        if (api.GetParam(connection, QuicParam.ConnStatisticsV2, out QuicStatisticsV2 s) != QuicStatus.Success)
            return "stats unavailable";
        return new ResultLine("stats")
            .Add("rttus", s.Rtt).Add("minrttus", s.MinRtt).Add("maxrttus", s.MaxRtt)
            .Add("sentpkts", s.SendTotalPackets).Add("lost", s.SendSuspectedLostPackets).Add("spurious", s.SendSpuriousLostPackets)
            .Add("congestion", s.SendCongestionCount).Add("cwnd", s.SendCongestionWindow).Add("mtu", s.SendPathMtu)
            .Add("recvpkts", s.RecvTotalPackets).Add("recvdropped", s.RecvDroppedPackets).Add("recvdup", s.RecvDuplicatePackets)
            .Add("recvreordered", s.RecvReorderedPackets)
            .ToString();
    }
}
