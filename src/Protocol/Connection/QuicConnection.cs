using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Recovery;
using QuicKestrel.Protocol.Streams;
using QuicKestrel.Protocol.Tls;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Connection;

/// <summary>Where a connection is in its life.</summary>
internal enum ConnectionState : byte
{
    /// <summary>Client created, <see cref="QuicConnection.Start"/> not yet called.</summary>
    Created,
    Handshaking,
    /// <summary>The handshake completed (not necessarily confirmed).</summary>
    Established,
    /// <summary>We sent CONNECTION_CLOSE and answer further packets with it (RFC 9000 §10.2.1).</summary>
    Closing,
    /// <summary>The peer closed (or reset) the connection; we send nothing (RFC 9000 §10.2.2).</summary>
    Draining,
    /// <summary>Finished; only waiting to be forgotten.</summary>
    Closed,
}

/// <summary>
/// One QUIC connection, client or server (RFC 9000, 9001, 9002), as a sans-IO state machine after
/// quinn-proto and aioquic. The owner feeds it datagrams (<see cref="HandleDatagram"/>), asks it
/// for datagrams to send (<see cref="PollTransmit"/>), fires its timer (<see cref="NextTimeout"/>,
/// <see cref="HandleTimeout"/>), drains its events (<see cref="PollEvent"/>,
/// <see cref="PollEndpointEvent"/>) and issues application commands. Time is the caller's
/// microseconds; nothing here reads a clock, touches a socket or throws on network input.
/// One thread drives a connection at a time.
/// </summary>
/// <remarks>
/// The work is split by concern into partial files: receiving (packets, then frames by kind),
/// sending (datagram assembly, one writer per frame kind), TLS glue, transport parameters,
/// recovery callbacks, connection IDs, paths, keys, timers, closing and the application commands.
/// </remarks>
internal sealed partial class QuicConnection : IDisposable
{
    /// <summary>The length of the random Destination Connection ID a client starts with (RFC 9000 §7.2: at least 8).</summary>
    public const int ClientInitialDestinationIdLength = 8;

    /// <summary>The smallest datagram size of any QUIC path (RFC 9000 §14).</summary>
    public const int MinimumDatagramSize = 1200;

    private readonly ConnectionOptions _options;
    private ConnectionSettings _settings;
    private readonly RandomSource _random;
    private readonly PacketSpace[] _spaces =
        [new(PacketNumberSpace.Initial), new(PacketNumberSpace.Handshake), new(PacketNumberSpace.ApplicationData)];
    private readonly ApplicationKeys _appKeys = new();
    private readonly SentFrameLog _sentFrames = new();
    private readonly EventRing<ConnectionEvent> _events = new(64);
    private readonly EventRing<EndpointEvent> _endpointEvents = new(16);
    private StreamManager _streams;
    private readonly DatagramSendQueue _datagrams;
    private readonly ConnectionStatistics _stats = new();
    private readonly LocalConnectionIds _localIds;
    private readonly PeerConnectionIds _peerIds;
    private readonly PendingPacketQueue _pendingPackets;
    // The client's session is created by Start (MsQuic ConnectionStart), so the transport
    // parameters it carries reflect everything configured before.
    private TlsSession? _tls;
    private TransportParameters _localParameters;
    private long _createdAt;
    private LossRecovery _recovery;
    private PathState _path;
    private uint _version;
    private readonly uint _originalVersion;

    private QuicConnection(ConnectionOptions options, bool isServer, uint version, ConnectionId localInitial,
        ConnectionId peerInitial, PathAddresses path, bool addressValidated, long now)
    {
        options.Settings.Validate();
        _options = options;
        _settings = options.Settings;
        _random = options.Random;
        IsServer = isServer;
        _version = _originalVersion = version;
        _createdAt = now;
        _streams = new StreamManager(isServer, CreateStreamSettings(_settings, options));
        _datagrams = new DatagramSendQueue(_settings.DatagramSendQueueLength, options.BufferPool);
        _pendingPackets = new PendingPacketQueue(options.BufferPool);
        _localIds = new LocalConnectionIds(localInitial, _settings.ActiveConnectionIdLimit, _random, options.ConnectionIds,
            options.ResetTokenGenerator, _endpointEvents);
        _peerIds = new PeerConnectionIds(peerInitial, _settings.ActiveConnectionIdLimit, _endpointEvents);
        _path = new PathState(path, addressValidated || !isServer, MinimumDatagramSize);
        _recovery = CreateRecovery();
        _spaces[(int)PacketNumberSpace.ApplicationData].Acks.MaxAckDelayMicros = _settings.MaxAckDelayMicros;
        _localParameters = TransportParameterRules.BuildLocal(_settings, _streams.LocalParameters, localInitial, version, options.Versions);
        _idleDeadline = _settings.HandshakeIdleTimeoutMicros > 0 ? now + _settings.HandshakeIdleTimeoutMicros : long.MaxValue;
    }

    public bool IsServer { get; }

    public ConnectionState State => _state;

    /// <summary>The QUIC version in use (may change once, by compatible version negotiation).</summary>
    public uint Version => _version;

    public bool IsHandshakeComplete => _handshakeComplete;

    public bool IsHandshakeConfirmed => _handshakeConfirmed;

    /// <summary>True once the connection is finished and every event was polled: the endpoint may forget it.</summary>
    public bool IsTerminated => _state == ConnectionState.Closed && _events.Count == 0;

    /// <summary>The addresses of the path in use.</summary>
    public PathAddresses Path => _path.Addresses;

    /// <summary>True once the peer's address on the current path is validated (a server's anti-amplification limit is lifted).</summary>
    public bool IsPeerAddressValidated => _path.IsValidated;

    /// <summary>Our handshake Source Connection ID.</summary>
    public ConnectionId LocalConnectionId => _localIds.Initial;

    /// <summary>The Destination Connection ID we send to now.</summary>
    public ConnectionId RemoteConnectionId => _peerIds.Current;

    /// <summary>The stream layer (for the API layer's stream handles; change streams only through the commands here).</summary>
    public StreamManager Streams => _streams;

    /// <summary>The TLS session (ALPN, peer certificate, server name, ticket app data).</summary>
    public TlsSession Tls => _tls ?? throw new InvalidOperationException("The client has not started.");

    public byte[]? NegotiatedAlpn => _tls?.NegotiatedAlpn;

    /// <summary>The peer's transport parameters once known.</summary>
    public TransportParameters? PeerParameters => _peerParameters;

    public TransportParameters LocalParameters => _localParameters;

    /// <summary>Loss recovery and congestion control (read-only use: RTT, window, statistics).</summary>
    public LossRecovery Recovery => _recovery;

    public ConnectionStatistics Counters => _stats;

    /// <summary>Key updates so far and the key phases packets were sent and received in (1-RTT).</summary>
    public ApplicationKeys ApplicationKeys => _appKeys;

    /// <summary>The error the connection closed with (ours or the peer's); default while open.</summary>
    public CloseReason CloseReason => _closeReason;

    /// <summary>The largest datagram we currently send on the path.</summary>
    public int MaxDatagramSize => _path.MaxDatagramSize;

    /// <summary>True once the keys of <paramref name="space"/> were discarded (RFC 9001 §4.9).</summary>
    public bool IsSpaceDiscarded(PacketNumberSpace space) => Space(space).IsDiscarded;

    /// <summary>The packet number the next packet of <paramref name="space"/> gets (packet numbers never restart, not even after a Retry).</summary>
    public long NextPacketNumber(PacketNumberSpace space) => Space(space).NextPacketNumber;

    /// <summary>How many received-packet ranges the next ACK of <paramref name="space"/> would carry.</summary>
    internal int ReceivedRangeCount(PacketNumberSpace space) => Space(space).Acks.Received.RangeCount;

    private TlsClient Client => (TlsClient)_tls!;

    private TlsServer Server => (TlsServer)_tls!;

    private long UnixTime(long now) => now + _options.UnixTimeOffsetMicros;

    private PacketSpace Space(PacketNumberSpace id) => _spaces[(int)id];

    private PacketSpace InitialSpace => _spaces[0];

    private PacketSpace HandshakeSpace => _spaces[1];

    private PacketSpace ApplicationSpace => _spaces[2];

    /// <summary>Frees keys, buffers and TLS state. Safe to call more than once.</summary>
    public void Dispose()
    {
        foreach (PacketSpace space in _spaces)
            space.Dispose();
        _appKeys.Dispose();
        _streams.Dispose();
        _datagrams.CancelAll();
        _pendingPackets.Clear();
        _tls?.Dispose();
        ReturnDatagramBuffers();
    }

    private LossRecovery CreateRecovery()
    {
        var recoveryOptions = new RecoveryOptions
        {
            InitialRttMicros = _settings.InitialRttMicros,
            MaxDatagramSize = MinimumDatagramSize,
            InitialWindowPackets = _settings.InitialWindowPackets,
            Algorithm = _settings.CongestionControl,
            HyStartEnabled = _settings.HyStartEnabled,
            PacingEnabled = _settings.PacingEnabled,
            EcnEnabled = _settings.EcnEnabled,
        };
        return new LossRecovery(recoveryOptions, this, IsServer);
    }

    private static StreamSettings CreateStreamSettings(ConnectionSettings settings, ConnectionOptions options) => new()
    {
        ConnectionReceiveWindow = settings.ConnectionReceiveWindow,
        MaxConnectionReceiveWindow = Math.Max(settings.ConnectionReceiveWindow, 3 * settings.ConnectionReceiveWindow / 2),
        StreamReceiveWindowBidiLocal = settings.EffectiveWindow(settings.StreamReceiveWindowBidiLocal),
        StreamReceiveWindowBidiRemote = settings.EffectiveWindow(settings.StreamReceiveWindowBidiRemote),
        StreamReceiveWindowUni = settings.EffectiveWindow(settings.StreamReceiveWindowUni),
        MaxStreamReceiveWindow = Math.Max(16 * 1024 * 1024, settings.EffectiveWindow(settings.StreamReceiveWindowBidiLocal)),
        PeerBidiStreamCount = settings.PeerBidiStreamCount,
        PeerUnidiStreamCount = settings.PeerUnidiStreamCount,
        SendBufferLimit = settings.StreamSendBufferLimit,
        BufferPool = options.BufferPool,
    };
}
