using QuicKestrel.Protocol.Connection;
using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Tests.Tls;
using QuicKestrel.Protocol.Tls;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Tests.Connection;

/// <summary>
/// Two connections joined with no delay and no copies: each datagram goes from one side's send
/// buffer straight into the other's HandleDatagram, and virtual time jumps to the next timer
/// when nothing moves. Nothing here allocates per datagram, so the connections' own allocations
/// can be measured. Subclasses are the application on top.
/// </summary>
internal abstract class DirectLink : IDisposable
{
    private readonly byte[] _buffer = new byte[64 * 1024];
    private readonly PathAddresses _clientPath = new(ConnectionPair.ClientAddress, ConnectionPair.ServerAddress);
    private readonly PathAddresses _serverPath = new(ConnectionPair.ServerAddress, ConnectionPair.ClientAddress);
    private readonly ConnectionOptions _serverOptions;
    private readonly TlsServerConfig _serverTls = TlsPair.ServerConfig();

    /// <summary>The client takes the server's options with default settings (unpaced) and its own seed.</summary>
    protected DirectLink(ConnectionOptions serverOptions)
    {
        _serverOptions = serverOptions;
        var clientOptions = serverOptions with { Settings = ConnectionSettings.Default with { PacingEnabled = false }, Random = new SeededRandomSource(1) };
        Client = QuicConnection.CreateClient(clientOptions, TlsPair.ClientConfig(), "localhost", _clientPath, 0);
    }

    /// <summary>Server options both subclasses share: unpaced, seeded, AEAD or null protection.</summary>
    protected static ConnectionOptions ServerOptions(ConnectionSettings settings, PacketProtectionProvider protection) => new()
    {
        Settings = settings with { PacingEnabled = false }, Protection = protection, Random = new SeededRandomSource(2),
        UnixTimeOffsetMicros = TestCertificates.NowMicros,
    };

    public QuicConnection Client { get; }

    public QuicConnection? Server { get; private set; }

    public long Now { get; private set; }

    public long DatagramsDelivered { get; private set; }

    public void Handshake()
    {
        Client.Start(Now);
        for (int i = 0; i < 1000 && !(Client.IsHandshakeConfirmed && Server is { IsHandshakeComplete: true }); i++)
            Step();
        if (!Client.IsHandshakeConfirmed)
            throw new InvalidOperationException("no handshake");
        OnHandshakeConfirmed();
    }

    protected virtual void OnHandshakeConfirmed()
    {
    }

    /// <summary>The application's turn before datagrams move (start streams, write).</summary>
    protected abstract void BeforeStep();

    /// <summary>An event either connection raised.</summary>
    protected abstract void OnEvent(QuicConnection connection, in ConnectionEvent e);

    protected void Step()
    {
        BeforeStep();
        bool progress = Move(Client, toServer: true) | Move(Server, toServer: false);
        progress |= DrainEvents(Client) | DrainEvents(Server);
        if (progress)
            return;
        long next = Math.Min(Client.NextTimeout() ?? long.MaxValue, Server?.NextTimeout() ?? long.MaxValue);
        if (next == long.MaxValue)
            return;
        Now = Math.Max(Now, next);
        Client.HandleTimeout(Now);
        Server?.HandleTimeout(Now);
    }

    private bool Move(QuicConnection? from, bool toServer)
    {
        if (from is null)
            return false;
        bool moved = false;
        while (from.PollTransmit(Now, _buffer, 16, out Transmit transmit))
        {
            moved = true;
            for (int offset = 0; offset < transmit.Length; offset += transmit.SegmentSize)
            {
                Span<byte> datagram = _buffer.AsSpan(offset, Math.Min(transmit.SegmentSize, transmit.Length - offset));
                DatagramsDelivered++;
                if (!toServer)
                    Client.HandleDatagram(Now, datagram, _clientPath, EcnMarking.NotEct);
                else
                    (Server ??= CreateServer(datagram))?.HandleDatagram(Now, datagram, _serverPath, EcnMarking.NotEct);
            }
        }
        return moved;
    }

    private QuicConnection? CreateServer(ReadOnlySpan<byte> datagram)
    {
        if (!PacketHeader.TryParse(datagram, 0, out PacketHeader header))
            return null;
        return QuicConnection.CreateServer(_serverOptions, new ServerConnectionParameters
        {
            Version = header.Version,
            InitialDestinationConnectionId = new ConnectionId(header.DestinationConnectionId),
            ClientSourceConnectionId = new ConnectionId(header.SourceConnectionId),
            LocalConnectionId = ConnectionId.CreateRandom(8, _serverOptions.Random),
            Path = _serverPath,
            TlsConfig = _serverTls,
        }, Now);
    }

    private bool DrainEvents(QuicConnection? connection)
    {
        if (connection is null)
            return false;
        bool any = false;
        while (connection.PollEvent(out ConnectionEvent e))
        {
            any = true;
            OnEvent(connection, e);
        }
        return any;
    }

    public void Dispose()
    {
        Client.Dispose();
        Server?.Dispose();
    }
}
