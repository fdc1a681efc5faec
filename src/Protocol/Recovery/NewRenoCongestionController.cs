namespace QuicKestrel.Protocol.Recovery;

/// <summary>
/// NewReno as RFC 9002 §7 and Appendix B specify: halve on a congestion event, and in congestion
/// avoidance add one maximum datagram size per window of bytes acknowledged (byte counting).
/// </summary>
internal sealed class NewRenoCongestionController : CongestionController
{
    /// <summary>kLossReductionFactor (§B.1).</summary>
    public const double LossReductionFactor = 0.5;

    private double _bytesAckedInAvoidance;

    public NewRenoCongestionController(int maxDatagramSize = RecoveryConstants.MinimumMaxDatagramSize, int initialWindowPackets = 10, bool hyStart = false, bool paced = true)
        : base(maxDatagramSize, initialWindowPackets, hyStart, paced)
    {
    }

    protected override void IncreaseInCongestionAvoidance(long now, long ackedBytes, RttEstimator rtt)
    {
        // §7.3.3: at most one maximum datagram size per congestion window acknowledged.
        _bytesAckedInAvoidance += ackedBytes;
        while (_bytesAckedInAvoidance >= Window)
        {
            _bytesAckedInAvoidance -= Window;
            Window += MaxDatagramSize;
        }
    }

    protected override double ReduceWindow(long now)
    {
        _bytesAckedInAvoidance = 0;
        return Window * LossReductionFactor;
    }

    protected override void OnWindowCollapsed() => _bytesAckedInAvoidance = 0;

    protected override void OnReset() => _bytesAckedInAvoidance = 0;
}
