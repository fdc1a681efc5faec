using System.Net;
using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Protocol.Tests.Api.Loopback;

/// <summary>
/// A server and a client of the public API on loopback, over real UDP: one table, a registration,
/// a server configuration (self-signed certificate), a client configuration (no certificate
/// validation unless told), a listener on port 0, and bookkeeping so Dispose closes everything
/// (a test that forgets a handle would make RegistrationClose wait forever).
/// </summary>
internal sealed class Loopback : IDisposable
{
    public static readonly byte[] Alpn = "qk-test"u8.ToArray();

    private readonly List<ConnectionPeer> _connections = new();

    private Loopback(QuicApiTable api) => Api = api;

    public QuicApiTable Api { get; }

    public QuicHandle Registration { get; private set; } = null!;

    public QuicHandle ServerConfiguration { get; private set; } = null!;

    public QuicHandle ClientConfiguration { get; private set; } = null!;

    public QuicHandle? Listener { get; private set; }

    public ushort Port { get; private set; }

    public EventLog<ConnectionPeer> ServerConnections { get; } = new();

    public EventLog<QuicListenerEvent> ListenerEvents { get; } = new();

    /// <summary>Set up each server connection before it is accepted.</summary>
    public Action<ConnectionPeer>? ConfigureServerConnection { get; set; }

    /// <summary>The NEW_CONNECTION answer; null accepts (handler + configuration + SUCCESS).</summary>
    public Func<QuicHandle, QuicStatus>? DecideNewConnection { get; set; }

    public static Loopback Create(QuicSettings? serverSettings = null, QuicSettings? clientSettings = null,
        QuicCredentialConfig? clientCredential = null, bool listen = true, IPEndPoint? listenOn = null)
    {
        Assert.Equal(QuicStatus.Success, MsQuicLibrary.MsQuicOpen2(out QuicApiTable api));
        var loopback = new Loopback(api);
        loopback.Open(serverSettings ?? ServerDefaults(), clientSettings ?? default, clientCredential);
        if (listen)
            loopback.Listen(listenOn ?? new IPEndPoint(IPAddress.Loopback, 0));
        return loopback;
    }

    /// <summary>The server lets the client open streams (MsQuic's default allows none).</summary>
    public static QuicSettings ServerDefaults() => new() { PeerBidiStreamCount = 16, PeerUnidiStreamCount = 16, IdleTimeoutMs = 30_000 };

    private void Open(QuicSettings serverSettings, QuicSettings clientSettings, QuicCredentialConfig? clientCredential)
    {
        Assert.Equal(QuicStatus.Success, Api.RegistrationOpen(new QuicRegistrationConfig { AppName = "loopback" }, out QuicHandle? registration));
        Registration = registration!;
        Assert.Equal(QuicStatus.Success, Api.ConfigurationOpen(Registration, [Alpn], serverSettings, null, out QuicHandle? server));
        ServerConfiguration = server!;
        Assert.Equal(QuicStatus.Success, Api.ConfigurationLoadCredential(ServerConfiguration, new QuicCredentialConfig
        {
            Type = QuicCredentialType.CertificateContext,
            CertificateContext = TestCertificates.SelfSigned,
        }));
        Assert.Equal(QuicStatus.Success, Api.ConfigurationOpen(Registration, [Alpn], clientSettings, null, out QuicHandle? client));
        ClientConfiguration = client!;
        Assert.Equal(QuicStatus.Success, Api.ConfigurationLoadCredential(ClientConfiguration, clientCredential ?? new QuicCredentialConfig
        {
            Flags = QuicCredentialFlags.Client | QuicCredentialFlags.NoCertificateValidation,
        }));
    }

    public void Listen(IPEndPoint? address)
    {
        Assert.Equal(QuicStatus.Success, Api.ListenerOpen(Registration, OnListenerEvent, null, out QuicHandle? listener));
        Listener = listener!;
        Assert.Equal(QuicStatus.Success, Api.ListenerStart(Listener, [Alpn], address));
        Assert.Equal(QuicStatus.Success, Api.GetParam(Listener, QuicParam.ListenerLocalAddress, out QuicAddress local));
        Port = local.Port;
    }

    private QuicStatus OnListenerEvent(QuicHandle listener, object? context, ref QuicListenerEvent evt)
    {
        ListenerEvents.Add(evt);
        if (evt.Type != QuicListenerEventType.NewConnection)
            return QuicStatus.Success;
        QuicHandle connection = evt.NewConnection.Connection;
        if (DecideNewConnection is { } decide)
            return decide(connection);
        Accept(connection);
        return QuicStatus.Success;
    }

    /// <summary>Accepts a NEW_CONNECTION: records it, sets its handler and the server configuration.</summary>
    public ConnectionPeer Accept(QuicHandle connection)
    {
        var peer = new ConnectionPeer(Api) { Handle = connection };
        ConfigureServerConnection?.Invoke(peer);
        Api.SetCallbackHandler(connection, peer.Callback, peer);
        Track(peer);
        Assert.Equal(QuicStatus.Pending, Api.ConnectionSetConfiguration(connection, ServerConfiguration));
        ServerConnections.Add(peer);
        return peer;
    }

    /// <summary>ConnectionOpen only.</summary>
    public ConnectionPeer OpenClient(QuicHandle? registration = null)
    {
        var peer = new ConnectionPeer(Api);
        Assert.Equal(QuicStatus.Success, Api.ConnectionOpen(registration ?? Registration, peer.Callback, peer, out QuicHandle? connection));
        peer.Handle = connection!;
        Track(peer);
        return peer;
    }

    public void StartClient(ConnectionPeer client, string host = "127.0.0.1", ushort? port = null, QuicHandle? configuration = null) =>
        Assert.Equal(QuicStatus.Pending, Api.ConnectionStart(client.Handle, configuration ?? ClientConfiguration, QuicAddressFamily.Unspec, host, port ?? Port));

    /// <summary>Opens, starts and waits for CONNECTED on both sides.</summary>
    public (ConnectionPeer Client, ConnectionPeer Server) Connect(string host = "127.0.0.1")
    {
        int before = ServerConnections.Count;
        ConnectionPeer client = OpenClient();
        StartClient(client, host);
        client.WaitFor(QuicConnectionEventType.Connected);
        ServerConnections.WaitFor(_ => ServerConnections.Count > before, "a server connection");
        ConnectionPeer server = ServerConnections.Snapshot()[before];
        server.WaitFor(QuicConnectionEventType.Connected);
        return (client, server);
    }

    /// <summary>Opens a stream on <paramref name="connection"/> with a recorder as its handler (StreamOpen only).</summary>
    public StreamPeer OpenStream(ConnectionPeer connection, QuicStreamOpenFlags flags = QuicStreamOpenFlags.None)
    {
        var stream = new StreamPeer(Api) { OpenFlags = flags };
        Assert.Equal(QuicStatus.Success, Api.StreamOpen(connection.Handle, flags, stream.Callback, stream, out QuicHandle? handle));
        stream.Handle = handle!;
        return stream;
    }

    public void Track(ConnectionPeer peer)
    {
        lock (_connections)
            _connections.Add(peer);
    }

    public void Dispose()
    {
        ConnectionPeer[] connections;
        lock (_connections)
            connections = [.. _connections];
        foreach (ConnectionPeer connection in connections)
            Api.ConnectionClose(connection.Handle);
        if (Listener is not null)
            Api.ListenerClose(Listener);
        Api.ConfigurationClose(ServerConfiguration);
        Api.ConfigurationClose(ClientConfiguration);
        // RegistrationClose waits for every child: a test that failed before closing one of its
        // own handles must fail, not hang the run.
        var closing = new Thread(() => Api.RegistrationClose(Registration)) { IsBackground = true };
        closing.Start();
        bool closed = closing.Join(TimeSpan.FromSeconds(20));
        MsQuicLibrary.MsQuicClose(Api);
        Assert.True(closed, "RegistrationClose did not return: a handle of the test was left open");
    }
}
