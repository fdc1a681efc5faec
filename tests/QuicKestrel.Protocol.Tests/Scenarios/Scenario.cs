using System.Net;
using QuicKestrel.Protocol.Connection;
using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Endpoint;
using QuicKestrel.Protocol.Tests.Simulation;
using QuicKestrel.Protocol.Tests.Tls;
using QuicKestrel.Protocol.Tls;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Tests.Scenarios;

/// <summary>How a scenario's network and peers are set up.</summary>
internal sealed record class ScenarioOptions
{
    public ulong Seed { get; init; } = 1;

    /// <summary>Client to server.</summary>
    public LinkOptions Forward { get; init; } = LinkOptions.Default;

    /// <summary>Server to client.</summary>
    public LinkOptions Reverse { get; init; } = LinkOptions.Default;

    public ConnectionSettings ClientSettings { get; init; } = ConnectionSettings.Default;

    public ConnectionSettings ServerSettings { get; init; } = ConnectionSettings.Default with { PeerBidiStreamCount = 100 };

    public TlsClientConfig ClientTls { get; init; } = TlsPair.ClientConfig();

    public TlsServerConfig ServerTls { get; init; } = TlsPair.ServerConfig();

    public IReadOnlyList<uint> ClientVersions { get; init; } = [QuicVersion.V1, QuicVersion.V2];

    public IReadOnlyList<uint> ServerVersions { get; init; } = [QuicVersion.V1, QuicVersion.V2];

    public EndpointOptions Endpoint { get; init; } = new() { RetryMode = RetryMode.Never };

    public bool SendTickets { get; init; }
}

/// <summary>The outcome of one connection's requests.</summary>
internal readonly record struct ConnectionRun(bool Done, long ElapsedMicros, long Bytes, string? Error)
{
    public double GoodputBitsPerSecond => ElapsedMicros <= 0 ? 0 : Bytes * 8.0 * 1_000_000 / ElapsedMicros;
}

/// <summary>
/// A client host and a server host (with its endpoint) joined by a simulated link; runs
/// connections of the hq-like application and reports what happened.
/// </summary>
internal sealed class Scenario
{
    public static readonly IPEndPoint ClientAddress = SimAddress.V4(1, 50000);
    public static readonly IPEndPoint ServerAddress = SimAddress.V4(2, 443);

    private ulong _connections;

    public Scenario(ScenarioOptions options)
    {
        Options = options;
        Network = new SimNetwork(options.Seed);
        Client = new ClientNode(ClientAddress, ServerAddress);
        Server = new ServerNode(ServerAddress, Network.DeriveSeed(1000), options.ServerSettings, options.ServerTls, options.Endpoint,
            options.ServerVersions, TestCertificates.NowMicros, new HqServerApp { SendTickets = options.SendTickets });
        ClientHost = Network.AddNode(Client, ClientAddress, "client");
        ServerHost = Network.AddNode(Server, ServerAddress, "server");
        Link = Network.Connect(ClientHost, ServerHost, options.Forward, options.Reverse);
    }

    public ScenarioOptions Options { get; }

    public SimNetwork Network { get; }

    public ClientNode Client { get; }

    public ServerNode Server { get; }

    public SimHost ClientHost { get; }

    public SimHost ServerHost { get; }

    public SimDuplexLink Link { get; }

    /// <summary>Runs one client connection making <paramref name="requests"/> until all are answered (or the time limit).</summary>
    public ConnectionRun Run(IEnumerable<long> requests, long timeoutMicros, ClientSessionTicket? ticket = null, byte[]? token = null,
        int maxConcurrent = int.MaxValue, Action<Scenario>? onProgress = null, bool waitForTicket = false)
    {
        var app = new HqClientApp(requests) { MaxConcurrent = maxConcurrent };
        var options = new ConnectionOptions
        {
            Settings = Options.ClientSettings,
            Random = new SeededRandomSource(Network.DeriveSeed(++_connections)),
            UnixTimeOffsetMicros = TestCertificates.NowMicros,
            Versions = Options.ClientVersions,
        };
        long start = Network.Now;
        Client.Connect(start, options, Options.ClientTls, app, ticket, token);
        Network.Wake(ClientHost);
        bool done = Network.RunUntil(() =>
        {
            onProgress?.Invoke(this);
            return app.IsDone && (!waitForTicket || app.Ticket is not null || app.Error is not null)
                || Client.Connection!.State is ConnectionState.Closed or ConnectionState.Draining;
        }, timeoutMicros);
        string? error = app.Error ?? Server.App.Error;
        if (error is null && app.Completed != app.Total)
            error = $"{app.Completed}/{app.Total} requests after {(Network.Now - start) / 1000} ms; client {Client.Connection!.State} {Client.Connection.CloseReason}; {Network}";
        return new ConnectionRun(done && app.Completed == app.Total && error is null, Network.Now - start, app.BytesReceived, error);
    }

    /// <summary>Closes the current connection and lets both sides finish.</summary>
    public void CloseAndSettle()
    {
        Client.Connection?.Close(Network.Now, 0);
        Network.Wake(ClientHost);
        Network.RunUntil(() => Client.Connection!.State == ConnectionState.Closed, 10_000_000);
    }

    public HqClientApp ClientApp => Client.App!;
}
