namespace QuicKestrel.Protocol.Endpoint;

/// <summary>
/// Counts what new connections cost until they prove themselves: handshakes in progress (until
/// confirmed) and state held for peers whose address is unvalidated (until validated). Decides
/// when Retry is due under <see cref="RetryMode.Automatic"/> and when an Initial is refused.
/// </summary>
internal sealed class AdmissionControl
{
    private readonly EndpointOptions _options;

    public AdmissionControl(EndpointOptions options) => _options = options;

    public int HandshakesInProgress { get; private set; }

    public long UnvalidatedBytes { get; private set; }

    /// <summary>True when the next unvalidated client should get a Retry.</summary>
    public bool ShouldRetry => _options.RetryMode switch
    {
        RetryMode.Always => true,
        RetryMode.Automatic => HandshakesInProgress >= _options.RetryHandshakeThreshold
            || UnvalidatedBytes + _options.UnvalidatedConnectionCostBytes > _options.RetryMemoryThresholdBytes,
        _ => false,
    };

    /// <summary>The hard limit a new connection would break, or <see cref="DropReason.None"/>.</summary>
    public DropReason CheckLimits(bool addressValidated)
    {
        if (HandshakesInProgress >= _options.MaxConcurrentHandshakes)
            return DropReason.HandshakeLimit;
        if (!addressValidated && UnvalidatedBytes + _options.UnvalidatedConnectionCostBytes > _options.MaxUnvalidatedBytes)
            return DropReason.UnvalidatedMemoryLimit;
        return DropReason.None;
    }

    public void OnHandshakeStarted(bool addressValidated)
    {
        HandshakesInProgress++;
        if (!addressValidated)
            UnvalidatedBytes += _options.UnvalidatedConnectionCostBytes;
    }

    public void OnHandshakeEnded() => HandshakesInProgress--;

    public void OnAddressValidated() => UnvalidatedBytes -= _options.UnvalidatedConnectionCostBytes;
}
