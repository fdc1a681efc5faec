using System.Net;
using QuicKestrel.Protocol.Connection;
using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Endpoint;
using QuicKestrel.Protocol.Tests.Simulation;
using QuicKestrel.Protocol.Tls;

namespace QuicKestrel.Protocol.Tests.Scenarios;

/// <summary>
/// A simulated server host: a real <see cref="QuicEndpoint"/> (routing, Version Negotiation, Retry,
/// stateless resets) creating <see cref="QuicConnection"/>s, and an <see cref="HqServerApp"/>
/// answering every request.
/// </summary>
internal sealed class ServerNode : ISimNode, IServerConnectionFactory
{
    private readonly IPEndPoint _address;
    private readonly List<(int Slot, EndpointConnection Connection)> _connections = [];
    private readonly ConnectionSettings _settings;
    private readonly TlsServerConfig _tls;
    private readonly IReadOnlyList<uint> _versions;
    private readonly RandomSource _random;
    private readonly EndpointIdentity _identity;
    private readonly long _unixOffset;
    private int _nextPoll;

    public ServerNode(IPEndPoint address, ulong seed, ConnectionSettings settings, TlsServerConfig tls, EndpointOptions endpointOptions,
        IReadOnlyList<uint> versions, long unixOffset, HqServerApp app)
    {
        _address = address;
        _settings = settings;
        _tls = tls;
        _versions = versions;
        _unixOffset = unixOffset;
        _random = new SeededRandomSource(seed);
        App = app;
        Endpoint = new QuicEndpoint(endpointOptions, new SeededRandomSource(seed + 1)) { WallClockOffsetMicros = unixOffset };
        Endpoint.Listen(this);
        _identity = new EndpointIdentity(Endpoint);
    }

    public QuicEndpoint Endpoint { get; }

    public HqServerApp App { get; }

    /// <summary>Every connection ever created, for assertions.</summary>
    public List<QuicConnection> Created { get; } = [];

    public List<ConnectionEvent> Events { get; } = [];

    public int MaxDatagrams { get; init; } = 8;

    /// <summary>Peer streams that arrived in 0-RTT packets.</summary>
    public int ZeroRttStreams { get; private set; }

    public IEndpointConnection? CreateConnection(long now, in NewConnectionInfo info)
    {
        var options = new ConnectionOptions
        {
            Settings = _settings,
            Random = _random,
            UnixTimeOffsetMicros = _unixOffset,
            Versions = _versions,
            ResetTokens = _identity,
            ConnectionIds = _identity,
        };
        var parameters = new ServerConnectionParameters
        {
            Version = info.Version,
            InitialDestinationConnectionId = new ConnectionId(info.InitialDestinationConnectionId.Span),
            ClientSourceConnectionId = new ConnectionId(info.ClientSourceConnectionId.Span),
            LocalConnectionId = new ConnectionId(info.LocalConnectionId.Span),
            OriginalDestinationConnectionId = new ConnectionId(info.OriginalDestinationConnectionId.Span),
            RetrySourceConnectionId = info.HasRetrySourceConnectionId ? new ConnectionId(info.RetrySourceConnectionId.Span) : null,
            AddressValidated = info.AddressValidated,
            Path = EndpointConnection.ToPath(info.Addresses),
            TlsConfig = _tls,
        };
        QuicConnection connection = QuicConnection.CreateServer(options, parameters, now);
        Created.Add(connection);
        return new EndpointConnection(connection);
    }

    public void HandleDatagram(long now, Span<byte> datagram, IPEndPoint from, IPEndPoint to, EcnCodepoint ecn)
    {
        var addresses = new DatagramAddresses(NetAddress.FromIPEndPoint(to), NetAddress.FromIPEndPoint(from));
        DispatchOutcome outcome = Endpoint.HandleDatagram(now, datagram, addresses, (byte)ecn);
        while (Endpoint.TryAcceptConnection(out int slot, out IEndpointConnection accepted))
            _connections.Add((slot, (EndpointConnection)accepted));
        if (outcome.Slot >= 0)
            AfterCall(now, outcome.Slot);
    }

    public bool PollTransmit(long now, Span<byte> buffer, out SimTransmit transmit)
    {
        if (Endpoint.PollTransmit(buffer, out StatelessTransmit stateless))
        {
            transmit = new SimTransmit(stateless.Length, stateless.Destination.ToIPEndPoint());
            return true;
        }
        for (int i = 0; i < _connections.Count; i++)
        {
            int index = (_nextPoll + i) % _connections.Count;
            (int slot, EndpointConnection adapter) = _connections[index];
            if (!adapter.Connection.PollTransmit(now, buffer, MaxDatagrams, out Transmit t))
                continue;
            _nextPoll = index + 1;
            AfterCall(now, slot);
            transmit = new SimTransmit(t.Length, t.Path.Remote.ToEndPoint(), t.DatagramCount > 1 ? t.SegmentSize : 0, (EcnCodepoint)t.Ecn);
            return true;
        }
        transmit = default;
        return false;
    }

    public long? NextTimeout()
    {
        long next = long.MaxValue;
        foreach ((int _, EndpointConnection adapter) in _connections)
            next = Math.Min(next, adapter.Connection.NextTimeout() ?? long.MaxValue);
        return next == long.MaxValue ? null : next;
    }

    public void HandleTimeout(long now)
    {
        for (int i = _connections.Count - 1; i >= 0; i--)
        {
            (int slot, EndpointConnection adapter) = _connections[i];
            if (adapter.Connection.NextTimeout() is { } due && due <= now)
            {
                adapter.Connection.HandleTimeout(now);
                AfterCall(now, slot);
            }
        }
    }

    private int IndexOf(int slot)
    {
        for (int i = 0; i < _connections.Count; i++)
        {
            if (_connections[i].Slot == slot)
                return i;
        }
        return -1;
    }

    /// <summary>Application events, then the endpoint's route events; finished connections leave.</summary>
    private void AfterCall(long now, int slot)
    {
        int index = IndexOf(slot);
        if (index < 0)
            return;
        QuicConnection connection = _connections[index].Connection.Connection;
        while (connection.PollEvent(out ConnectionEvent e))
        {
            if (e.Kind is not (ConnectionEventKind.StreamDataAvailable or ConnectionEventKind.StreamClosed
                or ConnectionEventKind.StreamSendShutdownComplete or ConnectionEventKind.StreamSendBufferAvailable
                or ConnectionEventKind.PeerStreamStarted))
                Events.Add(e);
            if (e.Kind == ConnectionEventKind.PeerStreamStarted && e.Has(ConnectionEventFlags.ZeroRtt))
                ZeroRttStreams++;
            App.OnEvent(connection, e, now);
        }
        Endpoint.ProcessConnectionEvents(slot);
        if (connection.IsTerminated)
        {
            _connections.RemoveAt(index);
            connection.Dispose();
        }
    }
}
