using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Endpoint;

/// <summary>When a server answers a client's first Initial with a Retry (RFC 9000 §8.1.2).</summary>
internal enum RetryMode : byte
{
    /// <summary>Never: unvalidated clients are bounded by the 3× anti-amplification limit only.</summary>
    Never,

    /// <summary>Every Initial without a valid token.</summary>
    Always,

    /// <summary>When handshakes in progress or state held for unvalidated peers pass a threshold (MsQuic's RetryMemoryLimit idea).</summary>
    Automatic,
}

/// <summary>A token-bucket rate: <see cref="PerSecond"/> sustained, <see cref="Burst"/> at once.</summary>
internal readonly record struct RateLimit(int PerSecond, int Burst);

/// <summary>Settings of a <see cref="QuicEndpoint"/>. Keys left null are made random at construction.</summary>
internal sealed class EndpointOptions
{
    /// <summary>Length of the connection IDs this endpoint issues (see <see cref="ConnectionIdGenerator"/>); 0 only for a client that routes by address.</summary>
    public int ConnectionIdLength { get; init; } = ConnectionIdGenerator.DefaultLength;

    /// <summary>Optional route byte stamped into every issued connection ID, for a multi-worker runtime.</summary>
    public ConnectionIdRouting? Routing { get; init; }

    /// <summary>Versions we speak, in preference order (listed in Version Negotiation).</summary>
    public uint[] SupportedVersions { get; init; } = [QuicVersion.V1, QuicVersion.V2];

    public RetryMode RetryMode { get; init; } = RetryMode.Automatic;

    /// <summary>Automatic Retry once this many handshakes are in progress.</summary>
    public int RetryHandshakeThreshold { get; init; } = 256;

    /// <summary>Automatic Retry once the state held for unvalidated peers would pass this many bytes.</summary>
    public long RetryMemoryThresholdBytes { get; init; } = 4L << 20;

    /// <summary>Hard limit: Initials beyond it are refused.</summary>
    public int MaxConcurrentHandshakes { get; init; } = 4096;

    /// <summary>Hard limit on the state held for unvalidated peers (each costs <see cref="UnvalidatedConnectionCostBytes"/>).</summary>
    public long MaxUnvalidatedBytes { get; init; } = 64L << 20;

    /// <summary>What one unvalidated handshake is assumed to hold: TLS and connection state plus up to 3× what it received.</summary>
    public long UnvalidatedConnectionCostBytes { get; init; } = 16 << 10;

    /// <summary>New connections the application has not yet taken; Initials beyond it are refused.</summary>
    public int MaxPendingAccepts { get; init; } = 1024;

    /// <summary>Refused Initials get an Initial CONNECTION_CLOSE (CONNECTION_REFUSED, RFC 9000 §5.2.2) rather than silence.</summary>
    public bool RefuseWithInitialClose { get; init; } = true;

    /// <summary>Routed connection IDs per connection (a bound on a misbehaving connection's table use).</summary>
    public int MaxConnectionIdsPerConnection { get; init; } = 16;

    /// <summary>Peer stateless reset tokens matched per connection.</summary>
    public int MaxResetTokensPerConnection { get; init; } = 16;

    public AddressTokenLifetimes TokenLifetimes { get; init; } = AddressTokenLifetimes.Default;

    /// <summary>NEW_TOKEN tokens remembered to refuse their reuse; 0 turns the check off.</summary>
    public int NewTokenReplayCapacity { get; init; } = 65_536;

    public RateLimit VersionNegotiationRate { get; init; } = new(500, 100);

    public RateLimit RetryRate { get; init; } = new(20_000, 2_000);

    public RateLimit StatelessResetRate { get; init; } = new(200, 50);

    public RateLimit InitialCloseRate { get; init; } = new(1_000, 100);

    /// <summary>Largest stateless reset sent (always also smaller than its trigger).</summary>
    public int StatelessResetMaxLength { get; init; } = StatelessResetPacket.DefaultMaximumLength;

    /// <summary>Stateless packets waiting for <see cref="QuicEndpoint.PollTransmit"/>; more are dropped.</summary>
    public int StatelessQueueCapacity { get; init; } = 64;

    /// <summary>Protection for stateless Initial CONNECTION_CLOSE packets (Null in fuzzers).</summary>
    public PacketProtectionProvider Protection { get; init; } = PacketProtectionProvider.Aead;

    public StatelessResetTokenGenerator? ResetTokens { get; init; }

    public AddressTokenKeyRing? TokenKeys { get; init; }

    /// <summary>May be shared by endpoints on several sockets; null makes one with <see cref="NewTokenReplayCapacity"/>.</summary>
    public TokenReplayCache? TokenReplayCache { get; init; }

    internal void Validate()
    {
        if (SupportedVersions.Length == 0 || SupportedVersions.Length > VersionNegotiationWriter.MaxSupportedVersions)
            throw new ArgumentException("List one to eight supported versions.");
        foreach (uint version in SupportedVersions)
        {
            if (!QuicVersion.IsSupported(version))
                throw new ArgumentException($"Version 0x{version:x8} is not implemented.");
        }
        if (Routing is not null && ConnectionIdLength < ConnectionIdGenerator.MinimumUnpredictableLength)
            throw new ArgumentException("Routed connection IDs must be at least 8 bytes.");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxPendingAccepts);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(StatelessQueueCapacity);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxConnectionIdsPerConnection);
        ArgumentOutOfRangeException.ThrowIfNegative(UnvalidatedConnectionCostBytes);
    }
}
