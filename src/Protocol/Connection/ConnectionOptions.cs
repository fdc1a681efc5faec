using System.Buffers;
using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Connection;

/// <summary>
/// How a connection is plugged in: its settings, where randomness, packet protection, reset
/// tokens and buffers come from, the wall clock offset TLS needs, and the QUIC versions.
/// One instance may be shared by many connections.
/// </summary>
internal sealed record class ConnectionOptions
{
    public ConnectionSettings Settings { get; init; } = ConnectionSettings.Default;

    public RandomSource Random { get; init; } = RandomSource.System;

    /// <summary>Real AEAD protection, or null protection for tests and fuzzers of the state machine.</summary>
    public PacketProtectionProvider Protection { get; init; } = PacketProtectionProvider.Aead;

    /// <summary>
    /// Stateless reset tokens for the connection IDs we issue (RFC 9000 §10.3). The endpoint passes
    /// its HMAC-based generator so it can answer for forgotten connections; null: random tokens.
    /// </summary>
    public IStatelessResetTokenGenerator? ResetTokens { get; init; }

    /// <summary>Makes the connection IDs we issue after the first (null: random, <see cref="ConnectionSettings.ConnectionIdLength"/> bytes).</summary>
    public IConnectionIdGenerator? ConnectionIds { get; init; }

    /// <summary>
    /// Unix time in microseconds minus the caller's <c>now</c>: TLS needs the wall clock for ticket
    /// ages and certificate validity, while the connection's own time is the caller's monotonic clock.
    /// </summary>
    public long UnixTimeOffsetMicros { get; init; }

    /// <summary>
    /// The versions this connection may use, in preference order. A client starts in the first and
    /// offers the others for compatible version negotiation (RFC 9368); a server switches a
    /// client to the first one the client also offers.
    /// </summary>
    public IReadOnlyList<uint> Versions { get; init; } = [QuicVersion.V1, QuicVersion.V2];

    /// <summary>Pool for stream and datagram buffers (a retaining per-worker pool in production).</summary>
    public ArrayPool<byte> BufferPool { get; init; } = ArrayPool<byte>.Shared;

    internal IStatelessResetTokenGenerator ResetTokenGenerator => ResetTokens ?? new RandomResetTokenGenerator(Random);
}

/// <summary>
/// What an endpoint knows about a server connection it creates from a client's first Initial
/// (RFC 9000 §7.2, §8.1, §17.2.5): the IDs to authenticate in transport parameters, and whether
/// the client's address is already validated by a Retry or NEW_TOKEN token.
/// </summary>
internal sealed record class ServerConnectionParameters
{
    /// <summary>The version of the client's Initial.</summary>
    public required uint Version { get; init; }

    /// <summary>The Destination Connection ID of the datagram that creates the connection (Initial keys derive from it).</summary>
    public required ConnectionId InitialDestinationConnectionId { get; init; }

    /// <summary>The client's Source Connection ID: where we send.</summary>
    public required ConnectionId ClientSourceConnectionId { get; init; }

    /// <summary>The connection ID we use as our Source Connection ID (sequence number 0).</summary>
    public required ConnectionId LocalConnectionId { get; init; }

    /// <summary>
    /// After a Retry: the client's very first Destination Connection ID (from the token) and the
    /// Source Connection ID of our Retry; both null without a Retry.
    /// </summary>
    public ConnectionId? OriginalDestinationConnectionId { get; init; }

    public ConnectionId? RetrySourceConnectionId { get; init; }

    /// <summary>A valid Retry or NEW_TOKEN token proved the client's address (no amplification limit).</summary>
    public bool AddressValidated { get; init; }

    public required PathAddresses Path { get; init; }

    /// <summary>TLS settings; null: the connection raises <see cref="ConnectionEventKind.ServerConfigurationNeeded"/> and waits for <see cref="QuicConnection.SetServerConfiguration"/>.</summary>
    public Tls.TlsServerConfig? TlsConfig { get; init; }

    /// <summary>Wait for <see cref="QuicConnection.CompleteResumption"/> after <see cref="ConnectionEventKind.ResumptionRequested"/> instead of accepting at once.</summary>
    public bool DeferResumptionDecision { get; init; }
}
