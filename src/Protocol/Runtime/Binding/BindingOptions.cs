using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Endpoint;
using QuicKestrel.Protocol.Runtime.Datapath;

namespace QuicKestrel.Protocol.Runtime.Binding;

/// <summary>
/// What every binding of a library shares: the keys behind stateless resets and address tokens
/// (so any socket of this process can answer for any connection ID or token it issued), the
/// NEW_TOKEN replay cache, randomness, and how sockets are opened.
/// </summary>
internal sealed class BindingOptions
{
    public required StatelessResetTokenGenerator ResetTokens { get; init; }

    public required AddressTokenKeyRing TokenKeys { get; init; }

    public TokenReplayCache TokenReplayCache { get; init; } = new(65_536);

    public RandomSource Random { get; init; } = RandomSource.System;

    public RetryMode RetryMode { get; init; } = RetryMode.Automatic;

    /// <summary>Socket options; the local address is filled in per binding.</summary>
    public UdpSocketOptions Socket { get; init; } = new();

    public required IBindingConnectionFactory ConnectionFactory { get; init; }

    internal EndpointOptions CreateEndpointOptions() => new()
    {
        ResetTokens = ResetTokens,
        TokenKeys = TokenKeys,
        TokenReplayCache = TokenReplayCache,
        RetryMode = RetryMode,
    };
}
