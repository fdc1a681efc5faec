using System.Net;
using QuicKestrel.Protocol.Connection;
using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Tests.Tls;
using QuicKestrel.Protocol.Tls;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Tests.Connection;

/// <summary>A datagram in flight between the two connections of a <see cref="ConnectionPair"/>.</summary>
internal sealed record PairDatagram(bool ToServer, byte[] Data, long Arrival, PathAddresses Path, EcnMarking Ecn);

/// <summary>
/// Two connections wired back to back in memory, with virtual time and a fixed one-way delay, no
/// endpoint: the server connection is created from the client's first datagram the way an
/// endpoint would. A filter sees every datagram (drop, mutate, count); events of both sides are
/// recorded, and an optional handler reacts to them inline (like an application callback).
/// </summary>
internal sealed class ConnectionPair : IDisposable
{
    public static readonly NetworkAddress ClientAddress = NetworkAddress.FromEndPoint(new IPEndPoint(IPAddress.Parse("10.0.0.1"), 50000));
    public static readonly NetworkAddress ServerAddress = NetworkAddress.FromEndPoint(new IPEndPoint(IPAddress.Parse("10.0.0.2"), 443));

    private readonly List<PairDatagram> _inFlight = [];
    private readonly byte[] _buffer = new byte[65536];
    private readonly ConnectionOptions _serverOptions;
    private readonly TlsServerConfig? _serverTls;
    private long _events;

    public ConnectionPair(PairOptions? options = null)
    {
        Options = options ?? new PairOptions();
        _serverOptions = Options.ServerOptions();
        _serverTls = Options.ServerTlsConfig;
        Client = QuicConnection.CreateClient(Options.ClientOptions(), Options.ClientTlsConfig, "localhost",
            new PathAddresses(ClientAddress, ServerAddress), Now, Options.Ticket, Options.Token);
    }

    public PairOptions Options { get; }

    public long Now { get; private set; }

    public QuicConnection Client { get; }

    public QuicConnection? Server { get; private set; }

    public List<ConnectionEvent> ClientEvents { get; } = [];

    public List<ConnectionEvent> ServerEvents { get; } = [];

    public List<EndpointEvent> ServerEndpointEvents { get; } = [];

    /// <summary>Every datagram sent, in order (after the filter saw it).</summary>
    public List<PairDatagram> Sent { get; } = [];

    /// <summary>Return false to drop the datagram; may change its bytes.</summary>
    public Func<PairDatagram, bool>? Filter { get; set; }

    /// <summary>Runs for every event as it is polled (isServer, connection, event).</summary>
    public Action<bool, QuicConnection, ConnectionEvent>? OnEvent { get; set; }

    /// <summary>Bytes the server sent and received on the wire, for the amplification checks.</summary>
    public long ServerBytesSent { get; private set; }

    public long ServerBytesReceived { get; private set; }

    /// <summary>Server bytes sent beyond 3x received at any moment before the client's address was validated.</summary>
    public long WorstAmplificationExcess { get; private set; } = long.MinValue;

    public void Start() => Client.Start(Now);

    /// <summary>Starts the client and runs until both sides completed the handshake.</summary>
    public void Handshake(long maxMicros = 5_000_000)
    {
        Start();
        Assert.True(RunUntil(() => Client.IsHandshakeConfirmed && Server is { IsHandshakeComplete: true }, maxMicros),
            $"handshake did not finish: client {Client.State}, server {Server?.State}, {Client.CloseReason} / {Server?.CloseReason}");
    }

    /// <summary>Runs until <paramref name="done"/> holds, at most <paramref name="maxMicros"/> of virtual time; false on timeout or when nothing is left to do.</summary>
    public bool RunUntil(Func<bool> done, long maxMicros)
    {
        long deadline = Now + maxMicros;
        while (true)
        {
            Pump();
            if (done())
                return true;
            long next = NextEventTime();
            if (next == long.MaxValue || next > deadline)
            {
                if (next != long.MaxValue)
                    Now = deadline;
                return false;
            }
            Now = Math.Max(Now, next);
        }
    }

    /// <summary>Runs for exactly <paramref name="micros"/> of virtual time.</summary>
    public void RunFor(long micros)
    {
        long deadline = Now + micros;
        RunUntil(() => false, micros);
        Now = deadline;
        Pump();
    }

    /// <summary>Delivers what is due, fires due timers, sends what can be sent and polls events, until quiet at this instant.</summary>
    public void Pump()
    {
        for (int round = 0; round < 10_000; round++)
        {
            bool progress = DeliverDue();
            progress |= FireTimers();
            progress |= SendAll(Client, toServer: true);
            if (Server is not null)
                progress |= SendAll(Server, toServer: false);
            progress |= PollEvents();
            if (!progress)
                return;
            if (++_events > 50_000_000)
                throw new InvalidOperationException("The pair is spinning.");
        }
        throw new InvalidOperationException("No quiet point at one instant.");
    }

    /// <summary>Injects a datagram as if it came from the network.</summary>
    public void Inject(bool toServer, byte[] data, PathAddresses? path = null) =>
        _inFlight.Add(new PairDatagram(toServer, data, Now, path ?? DefaultPath(toServer), EcnMarking.NotEct));

    private static PathAddresses DefaultPath(bool toServer) =>
        toServer ? new PathAddresses(ServerAddress, ClientAddress) : new PathAddresses(ClientAddress, ServerAddress);

    private long NextEventTime()
    {
        long next = long.MaxValue;
        foreach (PairDatagram datagram in _inFlight)
            next = Math.Min(next, datagram.Arrival);
        next = Math.Min(next, Client.NextTimeout() ?? long.MaxValue);
        if (Server is not null)
            next = Math.Min(next, Server.NextTimeout() ?? long.MaxValue);
        return next;
    }

    private bool DeliverDue()
    {
        bool delivered = false;
        for (int i = 0; i < _inFlight.Count; i++)
        {
            PairDatagram datagram = _inFlight[i];
            if (datagram.Arrival > Now)
                continue;
            _inFlight.RemoveAt(i--);
            Deliver(datagram);
            delivered = true;
        }
        return delivered;
    }

    private void Deliver(PairDatagram datagram)
    {
        if (!datagram.ToServer)
        {
            Client.HandleDatagram(Now, datagram.Data, datagram.Path, datagram.Ecn);
            return;
        }
        Server ??= CreateServer(datagram);
        if (Server is null)
            return;
        ServerBytesReceived += datagram.Data.Length;
        Server.HandleDatagram(Now, datagram.Data, datagram.Path, datagram.Ecn);
    }

    /// <summary>What an endpoint does with a client's first Initial: a server connection with a fresh connection ID.</summary>
    private QuicConnection? CreateServer(PairDatagram datagram)
    {
        if (!PacketHeader.TryParse(datagram.Data, 0, out PacketHeader header) || header.Type != PacketType.Initial
            || datagram.Data.Length < QuicConnection.MinimumDatagramSize)
            return null;
        bool retried = !header.Token.IsEmpty && RetryContext is not null;
        var parameters = new ServerConnectionParameters
        {
            Version = header.Version,
            InitialDestinationConnectionId = new ConnectionId(header.DestinationConnectionId),
            ClientSourceConnectionId = new ConnectionId(header.SourceConnectionId),
            LocalConnectionId = ConnectionId.CreateRandom(_serverOptions.Settings.ConnectionIdLength, _serverOptions.Random),
            Path = datagram.Path,
            TlsConfig = _serverTls,
            AddressValidated = Options.ServerAddressValidated || retried,
            OriginalDestinationConnectionId = retried ? RetryContext!.Value.OriginalDestination : null,
            RetrySourceConnectionId = retried ? RetryContext!.Value.RetrySource : null,
            DeferResumptionDecision = Options.DeferResumptionDecision,
        };
        return QuicConnection.CreateServer(_serverOptions, parameters, Now);
    }

    private bool FireTimers()
    {
        bool fired = false;
        if (Client.NextTimeout() is { } clientDue && clientDue <= Now)
        {
            Client.HandleTimeout(Now);
            fired = true;
        }
        if (Server?.NextTimeout() is { } serverDue && serverDue <= Now)
        {
            Server.HandleTimeout(Now);
            fired = true;
        }
        return fired;
    }

    private bool SendAll(QuicConnection connection, bool toServer)
    {
        bool sent = false;
        for (int i = 0; i < 1000 && connection.PollTransmit(Now, _buffer, Options.MaxDatagramsPerPoll, out Transmit transmit); i++)
        {
            sent = true;
            for (int offset = 0; offset < transmit.Length; offset += transmit.SegmentSize)
            {
                int length = Math.Min(transmit.SegmentSize, transmit.Length - offset);
                byte[] data = _buffer.AsSpan(offset, length).ToArray();
                var path = new PathAddresses(transmit.Path.Remote, transmit.Path.Local);
                if (toServer && ClientAddressOverride is { } rebound)
                    path = path with { Remote = rebound };
                var datagram = new PairDatagram(toServer, data, Now + Options.OneWayDelayMicros, path, transmit.Ecn);
                if (!toServer)
                    TrackAmplification(length);
                Sent.Add(datagram);
                if (Filter is null || Filter(datagram))
                    _inFlight.Add(datagram);
            }
        }
        return sent;
    }

    private void TrackAmplification(int length)
    {
        ServerBytesSent += length;
        if (Server is not null && !Server.IsHandshakeConfirmed && !Options.ServerAddressValidated && !ServerValidatedAddress)
            WorstAmplificationExcess = Math.Max(WorstAmplificationExcess, ServerBytesSent - 3 * ServerBytesReceived);
    }

    /// <summary>When set, the server sees the client's datagrams come from this address (a NAT rebinding).</summary>
    public NetworkAddress? ClientAddressOverride { get; set; }

    /// <summary>What the endpoint would recover from a Retry token: set by a test that sends a Retry.</summary>
    public (ConnectionId OriginalDestination, ConnectionId RetrySource)? RetryContext { get; set; }

    /// <summary>Forgets the server connection (so the next client Initial creates a new one, as after a Retry).</summary>
    public void DropServer()
    {
        Server?.Dispose();
        Server = null;
    }

    /// <summary>Set by the test (or the server's first Handshake packet receipt) once amplification no longer applies.</summary>
    public bool ServerValidatedAddress { get; set; }

    private bool PollEvents()
    {
        bool any = false;
        while (Client.PollEvent(out ConnectionEvent e))
        {
            any = true;
            ClientEvents.Add(e);
            OnEvent?.Invoke(false, Client, e);
        }
        if (Server is null)
            return any;
        while (Server.PollEvent(out ConnectionEvent e))
        {
            any = true;
            ServerEvents.Add(e);
            OnEvent?.Invoke(true, Server, e);
        }
        while (Server.PollEndpointEvent(out EndpointEvent e))
            ServerEndpointEvents.Add(e);
        return any;
    }

    public void Dispose()
    {
        Client.Dispose();
        Server?.Dispose();
    }
}

/// <summary>Settings of a <see cref="ConnectionPair"/>.</summary>
internal sealed record class PairOptions
{
    public ConnectionSettings ClientSettings { get; init; } = ConnectionSettings.Default;
    public ConnectionSettings ServerSettings { get; init; } = ConnectionSettings.Default with { PeerBidiStreamCount = 100, PeerUnidiStreamCount = 100 };
    public PacketProtectionProvider Protection { get; init; } = PacketProtectionProvider.Aead;
    public TlsClientConfig ClientTlsConfig { get; init; } = TlsPair.ClientConfig();
    public TlsServerConfig? ServerTlsConfig { get; init; } = TlsPair.ServerConfig();
    public IReadOnlyList<uint> ClientVersions { get; init; } = [QuicVersion.V1, QuicVersion.V2];
    public IReadOnlyList<uint> ServerVersions { get; init; } = [QuicVersion.V1, QuicVersion.V2];
    public ClientSessionTicket? Ticket { get; init; }
    public byte[]? Token { get; init; }
    public bool ServerAddressValidated { get; init; }
    public bool DeferResumptionDecision { get; init; }
    public long OneWayDelayMicros { get; init; } = 10_000;
    public int MaxDatagramsPerPoll { get; init; } = 1;
    public ulong Seed { get; init; } = 1;
    public IStatelessResetTokenGenerator? ServerResetTokens { get; init; }

    /// <summary>Added to both wall clocks (a later connection with a ticket from an earlier pair).</summary>
    public long ClockOffsetMicros { get; init; }

    public ConnectionOptions ClientOptions() => new()
    {
        Settings = ClientSettings,
        Random = new SeededRandomSource(Seed),
        Protection = Protection,
        UnixTimeOffsetMicros = TestCertificates.NowMicros + ClockOffsetMicros,
        Versions = ClientVersions,
    };

    public ConnectionOptions ServerOptions() => new()
    {
        Settings = ServerSettings,
        Random = new SeededRandomSource(Seed + 1000),
        Protection = Protection,
        UnixTimeOffsetMicros = TestCertificates.NowMicros + ClockOffsetMicros,
        Versions = ServerVersions,
        ResetTokens = ServerResetTokens,
    };
}
