using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Tls;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Connection;

// Creating client and server connections, and starting a client.
internal sealed partial class QuicConnection
{
    private readonly ConnectionId _originalDestinationId;

    /// <summary>The Destination Connection ID of the client's first Initial (what Retry and transport parameters authenticate).</summary>
    public ConnectionId OriginalDestinationConnectionId => _originalDestinationId;
    private ConnectionId? _retrySourceId;
    private byte[] _initialToken = [];
    private ClientSessionTicket? _resumptionTicket;
    private readonly ServerConnectionParameters? _serverParameters;
    private readonly TlsClientConfig? _clientTlsConfig;
    private readonly string? _serverName;

    private QuicConnection(ConnectionOptions options, TlsClientConfig tlsConfig, string? serverName, PathAddresses path,
        ClientSessionTicket? ticket, byte[]? token, long now, ConnectionId originalDestination)
        : this(options, isServer: false, options.Versions[0],
            ConnectionId.CreateRandom(options.Settings.ConnectionIdLength, options.Random), originalDestination, path,
            addressValidated: true, now)
    {
        _clientTlsConfig = tlsConfig;
        _serverName = serverName;
        _originalDestinationId = originalDestination;
        _initialToken = token ?? [];
        _resumptionTicket = ticket;
        InstallInitialKeys(_version, originalDestination);
    }

    private QuicConnection(ConnectionOptions options, ServerConnectionParameters parameters, long now)
        : this(options, isServer: true, parameters.Version, parameters.LocalConnectionId, parameters.ClientSourceConnectionId,
            parameters.Path, parameters.AddressValidated, now)
    {
        _tls = new TlsServer(this, options.Random);
        _serverParameters = parameters;
        _originalDestinationId = parameters.OriginalDestinationConnectionId ?? parameters.InitialDestinationConnectionId;
        _retrySourceId = parameters.RetrySourceConnectionId;
        _localParameters.OriginalDestinationConnectionId = _originalDestinationId.ToArray();
        _localParameters.RetrySourceConnectionId = _retrySourceId?.ToArray();
        _localParameters.StatelessResetToken = _localIds.InitialToken.Span.ToArray();
        InstallInitialKeys(_version, parameters.InitialDestinationConnectionId);
        _state = ConnectionState.Handshaking;
    }

    /// <summary>
    /// A client connection (MsQuic ConnectionOpen): nothing is sent until <see cref="Start"/>, so
    /// streams can be opened and written first and their data travel in 0-RTT when
    /// <paramref name="ticket"/> allows it. <paramref name="token"/> is a NEW_TOKEN token from an
    /// earlier connection to the same server, if any.
    /// </summary>
    public static QuicConnection CreateClient(ConnectionOptions options, TlsClientConfig tlsConfig, string? serverName,
        PathAddresses path, long now, ClientSessionTicket? ticket = null, byte[]? token = null)
    {
        ConnectionId original = ConnectionId.CreateRandom(ClientInitialDestinationIdLength, options.Random);
        var connection = new QuicConnection(options, tlsConfig, serverName, path, ticket, token, now, original);
        connection.ApplyRememberedParameters(tlsConfig, now);
        return connection;
    }

    /// <summary>
    /// A server connection for a client's first Initial, created by the endpoint, which then hands
    /// it that datagram through <see cref="HandleDatagram"/>.
    /// </summary>
    public static QuicConnection CreateServer(ConnectionOptions options, ServerConnectionParameters parameters, long now) =>
        new(options, parameters, now);

    /// <summary>Starts the client's handshake (MsQuic ConnectionStart): the ClientHello, and 0-RTT keys when resuming.</summary>
    public void Start(long now)
    {
        if (IsServer || _state != ConnectionState.Created)
            throw new InvalidOperationException("Only a client that has not started can be started.");
        _state = ConnectionState.Handshaking;
        _lastEventTime = now;
        _createdAt = now;
        _idleDeadline = _settings.HandshakeIdleTimeoutMicros > 0 ? now + _settings.HandshakeIdleTimeoutMicros : long.MaxValue;
        _tls = new TlsClient(_clientTlsConfig!, _serverName, EncodeLocalParameters(), _resumptionTicket, this, _random);
        TlsError error = Client.Start(UnixTime(now));
        _stats.ResumptionAttempted = Client.OfferedResumption;
        if (error.IsError)
            CloseWithTlsError(error, now);
        DrainStreamEvents(zeroRtt: false);
    }

    private byte[] EncodeLocalParameters()
    {
        if (!_settings.GreaseTransportParameters)
            return _localParameters.Encode();
        Span<byte> grease = stackalloc byte[TransportParameters.GreaseEntropyLength];
        _random.Fill(grease);
        return _localParameters.Encode(grease);
    }

    private void InstallInitialKeys(uint version, ConnectionId clientDestination)
    {
        PacketSpace initial = InitialSpace;
        initial.SendKey?.Dispose();
        initial.ReceiveKey?.Dispose();
        _options.Protection.CreateInitial(version, clientDestination.Span, IsServer, out PacketProtection send, out PacketProtection receive);
        initial.SendKey = send;
        initial.ReceiveKey = receive;
    }

    /// <summary>
    /// RFC 9000 §7.4.1: a client attempting 0-RTT uses the server's remembered limits until the
    /// handshake delivers the real ones.
    /// </summary>
    private void ApplyRememberedParameters(TlsClientConfig tlsConfig, long now)
    {
        ClientSessionTicket? ticket = _resumptionTicket;
        if (ticket is null || !ticket.AllowsEarlyData || !tlsConfig.EnableEarlyData || ticket.IsExpired(UnixTime(now))
            || !TransportParameters.TryDecode(ticket.ServerTransportParameters, EndpointRole.Server, out TransportParameters? remembered, out _))
            return;
        _rememberedParameters = remembered;
        _streams.ApplyPeerTransportParameters(TransportParameterRules.StreamLimits(remembered));
        _datagrams.SetPeerMaxFrameSize((long)Math.Min(remembered.MaxDatagramFrameSize, int.MaxValue));
        UpdateDatagramPathLimit();
    }
}
