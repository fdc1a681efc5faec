using System.Net;
using System.Security.Cryptography.X509Certificates;
using QuicKestrel.Http3.Quic;
using QuicKestrel.Http3.Server;
using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Http3;

/// <summary>
/// A minimal HTTP/3 server on QuicKestrel's public API, for tests and interop (e.g. ngtcp2's
/// gtlsclient). It sends SETTINGS on its control stream, drains the client's QPACK streams, and
/// serves:
/// <list type="bullet">
/// <item><c>/bytes/{n}</c> (any method): n bytes of <see cref="DeterministicContent"/>, the request body read and dropped;</item>
/// <item><c>/echo</c>: the request body back, streamed as it arrives;</item>
/// <item><c>/reset/{code}</c>: both directions aborted with the code (decimal or 0x-hex);</item>
/// <item><c>/stop/{code}</c>: STOP_SENDING with the code; for H3_NO_ERROR (0x100) a complete 200 response follows, otherwise RESET_STREAM too;</item>
/// <item><c>/delay/{ms}</c>: 200 "delayed" after the delay;</item>
/// <item><c>GET /{name}</c>: from <see cref="Http3ServerOptions.ContentProvider"/> or <see cref="Http3ServerOptions.ContentRoot"/>, else 404.</item>
/// </list>
/// The FIN rides on the last DATA frame. <see cref="StopAsync"/> shuts down gracefully: GOAWAY,
/// drain, CONNECTION_CLOSE with H3_NO_ERROR.
/// </summary>
public sealed class Http3Server : IAsyncDisposable
{
    private static readonly QuicListenerCallback s_listenerCallback = OnListenerEvent;

    private readonly HashSet<ServerConnection> _connections = [];
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _listenerStopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private QuicHandle? _registration;
    private QuicHandle? _configuration;
    private QuicHandle? _listener;
    private long _requestCount;
    private volatile bool _stopping;
    private int _stopped;

    private Http3Server(Http3ServerOptions options, QuicApiTable api, X509Certificate2? certificate)
    {
        Options = options;
        Api = api;
        Certificate = certificate;
    }

    /// <summary>The options it was started with.</summary>
    public Http3ServerOptions Options { get; }

    /// <summary>The API table.</summary>
    public QuicApiTable Api { get; }

    /// <summary>The certificate in use (null when PEM files were given).</summary>
    public X509Certificate2? Certificate { get; }

    /// <summary>The address the listener is bound to, with the actual port.</summary>
    public IPEndPoint LocalEndPoint { get; private set; } = new(IPAddress.Loopback, 0);

    /// <summary>The UDP port.</summary>
    public int Port => LocalEndPoint.Port;

    /// <summary>How many requests have been received (headers parsed).</summary>
    public long RequestCount => Interlocked.Read(ref _requestCount);

    /// <summary>How many connections are open.</summary>
    public int ConnectionCount
    {
        get
        {
            lock (_gate)
                return _connections.Count;
        }
    }

    /// <summary>Raised (on a connection's worker; keep it short) when a request stream is aborted by the peer or for a protocol error.</summary>
    public event Action<Http3ServerStreamEvent>? StreamAborted;

    /// <summary>Raised (on a connection's worker) when a connection begins closing.</summary>
    public event Action<Http3ServerConnectionClosed>? ConnectionClosing;

    /// <summary>Raised once per connection (on its worker) when its shutdown begins (or at SHUTDOWN_COMPLETE if nothing began it), with what it negotiated and its statistics.</summary>
    public event Action<Http3ServerConnectionSummary>? ConnectionCompleted;

    /// <summary>Opens the API, loads the credential and starts listening.</summary>
    /// <param name="options">Where to listen and what to serve.</param>
    /// <returns>The running server.</returns>
    /// <exception cref="Http3Exception">An API call failed.</exception>
    public static Http3Server Start(Http3ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        X509Certificate2? certificate = options.Certificate
            ?? (options.CertificateFile is null ? Http3TestCertificates.CreateSelfSigned() : null);
        Http3Exception.ThrowIfFailed(MsQuicLibrary.MsQuicOpen2(out QuicApiTable api), "MsQuicOpen2");
        var server = new Http3Server(options, api, certificate);
        try
        {
            server.Open();
            return server;
        }
        catch
        {
            server.Release();
            throw;
        }
    }

    private void Open()
    {
        Http3Exception.ThrowIfFailed(Api.RegistrationOpen(new QuicRegistrationConfig { AppName = "quickestrel-h3-server" }, out _registration), "RegistrationOpen");
        QuicSettings settings = Options.TransportSettings;
        if (!settings.IsSet(QuicSettingsFields.PeerBidiStreamCount))
            settings.PeerBidiStreamCount = Options.MaxConcurrentRequests;
        if (!settings.IsSet(QuicSettingsFields.PeerUnidiStreamCount))
            settings.PeerUnidiStreamCount = 16; // control, QPACK encoder and decoder, and reserved types (§6.2)
        if (Options.EnableResumption && !settings.IsSet(QuicSettingsFields.ServerResumptionLevel))
            settings.ServerResumptionLevel = QuicServerResumptionLevel.ResumeAndZeroRtt;
        Http3Exception.ThrowIfFailed(Api.ConfigurationOpen(_registration, H3Alpn.List, settings, null, out _configuration), "ConfigurationOpen");
        Http3Exception.ThrowIfFailed(Api.ConfigurationLoadCredential(_configuration, CreateCredential()), "ConfigurationLoadCredential");
        Http3Exception.ThrowIfFailed(Api.ListenerOpen(_registration, s_listenerCallback, this, out _listener), "ListenerOpen");
        Http3Exception.ThrowIfFailed(Api.ListenerStart(_listener, H3Alpn.List, Options.EndPoint), "ListenerStart");
        Http3Exception.ThrowIfFailed(Api.GetParam(_listener, QuicParam.ListenerLocalAddress, out QuicAddress address), "GetParam(LISTENER_LOCAL_ADDRESS)");
        LocalEndPoint = address.ToIPEndPoint();
    }

    private QuicCredentialConfig CreateCredential()
    {
        var credential = new QuicCredentialConfig { Flags = QuicCredentialFlags.None };
        if (Certificate is not null)
        {
            credential.Type = QuicCredentialType.CertificateContext;
            credential.CertificateContext = Certificate;
        }
        else
        {
            credential.Type = QuicCredentialType.CertificateFile;
            credential.CertificateFile = new QuicCertificateFile { CertificateFile = Options.CertificateFile, PrivateKeyFile = Options.PrivateKeyFile };
        }
        if (Options.AllowedCipherSuites is { } suites)
        {
            credential.Flags |= QuicCredentialFlags.SetAllowedCipherSuites;
            credential.AllowedCipherSuites = suites;
        }
        return credential;
    }

    /// <summary>
    /// Graceful shutdown: stops accepting, sends GOAWAY on every connection, lets requests in
    /// flight finish (up to <paramref name="drainTimeout"/>), closes the connections with
    /// H3_NO_ERROR and releases everything.
    /// </summary>
    /// <param name="drainTimeout">How long requests in flight may take; default 5 seconds.</param>
    /// <returns>Completes when the server has released all its objects.</returns>
    public async Task StopAsync(TimeSpan drainTimeout = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
            return;
        if (drainTimeout == default)
            drainTimeout = TimeSpan.FromSeconds(5);
        _stopping = true;
        Api.ListenerStop(_listener);
        await Task.WhenAny(_listenerStopped.Task, Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
        foreach (ServerConnection connection in Snapshot())
            connection.SendGoAway();
        await WaitUntilAsync(() => Snapshot().All(c => c.ActiveRequests == 0), drainTimeout).ConfigureAwait(false);
        foreach (ServerConnection connection in Snapshot())
            connection.Close(Http3ErrorCode.NoError);
        if (!await WaitUntilAsync(() => ConnectionCount == 0, TimeSpan.FromSeconds(10)).ConfigureAwait(false))
            Api.RegistrationShutdown(_registration, QuicConnectionShutdownFlags.Silent, 0);
        await Task.Run(Release).ConfigureAwait(false);
    }

    /// <summary>Same as <see cref="StopAsync"/> with the default drain timeout.</summary>
    /// <returns>Completes when released.</returns>
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private void Release()
    {
        Api.ListenerClose(_listener);
        Api.ConfigurationClose(_configuration);
        Api.RegistrationClose(_registration);
        MsQuicLibrary.MsQuicClose(Api);
    }

    private static async Task<bool> WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow >= deadline)
                return false;
            await Task.Delay(10).ConfigureAwait(false);
        }
        return true;
    }

    private ServerConnection[] Snapshot()
    {
        lock (_gate)
            return [.. _connections];
    }

    internal void Remove(ServerConnection connection)
    {
        lock (_gate)
            _connections.Remove(connection);
    }

    internal void CountRequest() => Interlocked.Increment(ref _requestCount);

    internal void Report(Http3ServerStreamEvent evt) => StreamAborted?.Invoke(evt);

    internal void Report(Http3ServerConnectionClosed evt) => ConnectionClosing?.Invoke(evt);

    internal void Report(Http3ServerConnectionSummary summary) => ConnectionCompleted?.Invoke(summary);

    internal byte[]? GetContent(string name)
    {
        if (Options.ContentProvider?.Invoke(name) is { } provided)
            return provided;
        if (Options.ContentRoot is not { } root)
            return null;
        string path = Path.Combine(root, name);
        return File.Exists(path) ? File.ReadAllBytes(path) : null;
    }

    // Listener callbacks may run in parallel on different workers.
    private static QuicStatus OnListenerEvent(QuicHandle listener, object? context, ref QuicListenerEvent evt)
    {
        var server = (Http3Server)context!;
        if (evt.Type == QuicListenerEventType.StopComplete)
        {
            server._listenerStopped.TrySetResult();
            return QuicStatus.Success;
        }
        if (evt.Type != QuicListenerEventType.NewConnection)
            return QuicStatus.Success;
        return server.Accept(evt.NewConnection.Connection);
    }

    private QuicStatus Accept(QuicHandle handle)
    {
        if (_stopping)
            return QuicStatus.ConnectionRefused;
        var connection = new ServerConnection(this, handle);
        lock (_gate)
            _connections.Add(connection);
        Api.SetCallbackHandler(handle, ServerConnection.Callback, connection);
        QuicStatus status = Api.ConnectionSetConfiguration(handle, _configuration);
        if (status.Failed())
            Remove(connection); // rejected: the stack closes it, and no event follows
        return status.Failed() ? status : QuicStatus.Success;
    }
}
