using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Endpoint;

/// <summary>
/// The sans-IO endpoint of one UDP socket: routes each datagram to its connection by
/// Destination Connection ID (or the client's original one, or the address for zero-length
/// IDs, or a peer's stateless reset token), creates server connections
/// for acceptable Initials within limits, answers statelessly (Version Negotiation, Retry,
/// stateless reset, Initial CONNECTION_CLOSE) through a bounded queue the runtime drains with
/// <see cref="PollTransmit"/>, and drops everything else silently, counting why. Serves server
/// and client connections alike. Single-threaded; nothing throws on network input.
/// </summary>
internal sealed partial class QuicEndpoint
{
    /// <summary>Datagrams carrying a client's Initial are at least this big (RFC 9000 §14.1).</summary>
    public const int MinimumInitialDatagramLength = 1200;

    /// <summary>Events drained from one connection per call: a bound against a connection that never stops reporting.</summary>
    private const int MaxEventsPerDrain = 1024;

    private readonly EndpointOptions _options;
    private readonly RandomSource _random;
    private readonly RoutingTable _connectionIds;
    private readonly RoutingTable _peerResetTokens;
    private readonly InitialRouteTable _initialRoutes;
    private readonly Dictionary<NetAddress, int> _addressRoutes = new();
    private readonly ConnectionSlotTable _slots = new();
    private readonly AdmissionControl _admission;
    private readonly StatelessTransmitQueue _transmitQueue;
    private readonly TokenReplayCache? _replayCache;
    private TokenBucket _versionNegotiationBucket;
    private TokenBucket _retryBucket;
    private TokenBucket _resetBucket;
    private TokenBucket _initialCloseBucket;
    private IServerConnectionFactory? _listener;

    public QuicEndpoint(EndpointOptions options, RandomSource random)
    {
        options.Validate();
        _options = options;
        _random = random;
        ConnectionIds = new ConnectionIdGenerator(options.ConnectionIdLength, random, options.Routing);
        ResetTokens = options.ResetTokens ?? StatelessResetTokenGenerator.CreateRandom(random);
        Tokens = new AddressTokenCodec(options.TokenKeys ?? AddressTokenKeyRing.CreateRandom(random), random, options.TokenLifetimes);
        _replayCache = options.TokenReplayCache
            ?? (options.NewTokenReplayCapacity > 0 ? new TokenReplayCache(options.NewTokenReplayCapacity) : null);
        _connectionIds = new RoutingTable(SipHashKey.Create(random));
        _peerResetTokens = new RoutingTable(SipHashKey.Create(random));
        _initialRoutes = new InitialRouteTable(SipHashKey.Create(random));
        _admission = new AdmissionControl(options);
        _transmitQueue = new StatelessTransmitQueue(options.StatelessQueueCapacity);
        _versionNegotiationBucket = new TokenBucket(options.VersionNegotiationRate.PerSecond, options.VersionNegotiationRate.Burst);
        _retryBucket = new TokenBucket(options.RetryRate.PerSecond, options.RetryRate.Burst);
        _resetBucket = new TokenBucket(options.StatelessResetRate.PerSecond, options.StatelessResetRate.Burst);
        _initialCloseBucket = new TokenBucket(options.InitialCloseRate.PerSecond, options.InitialCloseRate.Burst);
    }

    /// <summary>Makes this endpoint's connection IDs; connections take it to issue NEW_CONNECTION_ID values.</summary>
    public ConnectionIdGenerator ConnectionIds { get; }

    /// <summary>Stateless reset tokens for our connection IDs; connections take it for NEW_CONNECTION_ID and the transport parameter.</summary>
    public StatelessResetTokenGenerator ResetTokens { get; }

    /// <summary>Seals and opens Retry and NEW_TOKEN tokens.</summary>
    public AddressTokenCodec Tokens { get; }

    public EndpointStatistics Statistics { get; } = new();

    /// <summary>
    /// Unix time minus the <c>now</c> the caller passes, in microseconds: NEW_TOKEN tokens live
    /// for hours and must survive restarts and be shared by servers, so they carry wall-clock
    /// time. The runtime sets it from its clocks; simulations leave it 0.
    /// </summary>
    public long WallClockOffsetMicros { get; set; }

    public bool IsListening => _listener is not null;

    public int ConnectionCount => _slots.LiveCount;

    public int HandshakesInProgress => _admission.HandshakesInProgress;

    public long UnvalidatedBytes => _admission.UnvalidatedBytes;

    /// <summary>Server connections created and not yet taken with <see cref="TryAcceptConnection"/>.</summary>
    public int PendingAcceptCount => _slots.PendingCount;

    /// <summary>Stateless datagrams waiting for <see cref="PollTransmit"/>.</summary>
    public int PendingTransmitCount => _transmitQueue.Count;

    /// <summary>Routed connection IDs, original-DCID routes and peer reset tokens (for tests and statistics).</summary>
    public (int ConnectionIds, int InitialRoutes, int ResetTokens, int Addresses) RouteCounts =>
        (_connectionIds.Count, _initialRoutes.Count, _peerResetTokens.Count, _addressRoutes.Count);

    /// <summary>Starts accepting connections: admitted Initials get a connection from <paramref name="factory"/>.</summary>
    public void Listen(IServerConnectionFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        if (ConnectionIds.Length < ConnectionIdGenerator.MinimumUnpredictableLength)
            throw new InvalidOperationException("A server issues connection IDs of at least 8 bytes.");
        _listener = factory;
    }

    /// <summary>Stops accepting connections; existing ones continue.</summary>
    public void StopListening() => _listener = null;

    public IEndpointConnection? GetConnection(int slot) => _slots.IsLive(slot) ? _slots[slot].Connection : null;

    /// <summary>
    /// Takes the oldest new server connection for the application (MsQuic's NEW_CONNECTION).
    /// Rejecting it is the connection's business (close with CONNECTION_REFUSED); it drains as usual.
    /// </summary>
    public bool TryAcceptConnection(out int slot, out IEndpointConnection connection)
    {
        connection = null!;
        if (!_slots.TryDequeuePending(out slot))
            return false;
        connection = _slots[slot].Connection!;
        return true;
    }

    /// <summary>Writes the oldest queued stateless datagram into <paramref name="buffer"/> (at least <see cref="StatelessTransmitQueue.SlotSize"/> bytes).</summary>
    public bool PollTransmit(Span<byte> buffer, out StatelessTransmit transmit) => _transmitQueue.TryDequeue(buffer, out transmit);

    /// <summary>A fresh connection ID of ours that routes nowhere yet (empty for zero-length endpoints).</summary>
    public ConnectionIdKey NewConnectionId()
    {
        ConnectionIdKey cid = ConnectionIds.Next();
        // A collision among 56+ random bits is all but impossible; drawing again is cheap insurance.
        for (int i = 0; i < 8 && !cid.IsEmpty && _connectionIds.TryGet(cid, out _); i++)
            cid = ConnectionIds.Next();
        return cid;
    }

    /// <summary>
    /// A NEW_TOKEN token (RFC 9000 §8.1.3) for the client at <paramref name="client"/>, which a
    /// server connection sends after the handshake. <paramref name="destination"/> needs
    /// <see cref="AddressTokenCodec.MaxTokenLength"/> bytes.
    /// </summary>
    public bool TryWriteNewToken(long now, in NetAddress client, Span<byte> destination, out int bytesWritten) =>
        Tokens.TryWriteNewToken(destination, client, now + WallClockOffsetMicros, out bytesWritten);

    /// <summary>
    /// Registers a client connection whose Source Connection ID is <paramref name="localConnectionId"/>
    /// (from <see cref="NewConnectionId"/>); on a zero-length endpoint it is routed by
    /// <paramref name="remote"/> instead, one connection per server address. Returns the slot,
    /// or -1 when the ID or address is already taken.
    /// </summary>
    public int RegisterClientConnection(IEndpointConnection connection, in ConnectionIdKey localConnectionId, in NetAddress remote)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (localConnectionId.Length != ConnectionIds.Length)
            throw new ArgumentException("A client's connection ID has the endpoint's length.", nameof(localConnectionId));
        bool byAddress = ConnectionIds.Length == 0;
        if (byAddress ? _addressRoutes.ContainsKey(remote) : _connectionIds.TryGet(localConnectionId, out _))
            return -1;
        int slot = _slots.Allocate(connection);
        if (byAddress)
        {
            _addressRoutes.Add(remote, slot);
            _slots[slot].AddressRoute = remote;
            _slots[slot].HasAddressRoute = true;
        }
        else
        {
            AddConnectionId(slot, localConnectionId);
        }
        return slot;
    }
}
