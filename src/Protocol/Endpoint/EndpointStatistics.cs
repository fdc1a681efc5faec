namespace QuicKestrel.Protocol.Endpoint;

/// <summary>
/// Counters of an endpoint: one disposition per datagram, and the reason for each datagram not
/// accepted (a refused Initial counts its limit even when an Initial CONNECTION_CLOSE answered it).
/// </summary>
internal sealed class EndpointStatistics
{
    private readonly long[] _dispositions = new long[Enum.GetValues<DatagramDisposition>().Length];
    private readonly long[] _reasons = new long[Enum.GetValues<DropReason>().Length];

    public long DatagramsReceived { get; private set; }

    public long ConnectionIdCollisions { get; internal set; }

    public long ConnectionIdLimitHits { get; internal set; }

    public long ResetTokenConflicts { get; internal set; }

    public long InvalidTokenCloses { get; internal set; }

    public long ValidatedByRetryToken { get; internal set; }

    public long ValidatedByNewToken { get; internal set; }

    public long TokensIgnored { get; internal set; }

    public long Count(DatagramDisposition disposition) => _dispositions[(int)disposition];

    public long Count(DropReason reason) => _reasons[(int)reason];

    internal void OnDatagram() => DatagramsReceived++;

    internal DispatchOutcome Record(in DispatchOutcome outcome)
    {
        _dispositions[(int)outcome.Disposition]++;
        if (outcome.Reason != DropReason.None)
            _reasons[(int)outcome.Reason]++;
        return outcome;
    }
}
