using QuicKestrel.Http3.Framing;
using QuicKestrel.Http3.Protocol;
using QuicKestrel.Http3.Qpack;
using QuicKestrel.Http3.Quic;
using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Http3;

/// <summary>
/// An HTTP/3 client over one QUIC connection of QuicKestrel's public API. Requests run
/// concurrently on their own request streams; when the server's MAX_STREAMS credit is used up,
/// StreamStart waits for more (STREAMS_AVAILABLE) instead of failing. Everything is driven by
/// the connection's callbacks: no thread per request. All members are thread-safe.
/// </summary>
public sealed partial class Http3Client : IAsyncDisposable, IHttp3ConnectionOwner, IControlStreamHandler
{
    private static readonly QuicConnectionCallback s_connectionCallback = OnConnectionEvent;
    private static readonly TimeSpan s_shutdownWait = TimeSpan.FromSeconds(10);

    private readonly Http3ClientEndpoint _endpoint;
    private readonly bool _ownsEndpoint;
    private readonly Http3ConnectionState _state = new(isServer: false);
    private readonly Lock _gate = new();
    private readonly HashSet<Http3RequestHandle> _requests = [];
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _shutdownComplete = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<byte[]> _resumptionTicket = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private QuicHandle? _connection;
    private Http3Exception? _closeReason;
    private long _goAwayId = -1;
    private int _started;
    private int _disposed;
    private volatile bool _isConnected;

    private Http3Client(Http3ClientEndpoint endpoint, bool ownsEndpoint, Http3ClientOptions options)
    {
        _endpoint = endpoint;
        _ownsEndpoint = ownsEndpoint;
        Options = options;
        Encoder = new QpackEncoder(options.UseHuffman);
        Decoder = new QpackDecoder(options.MaxFieldSectionSize);
        DefaultAuthority = options.DefaultAuthority;
    }

    /// <summary>The options the client was created with.</summary>
    public Http3ClientOptions Options { get; }

    /// <summary>The QUIC connection handle, for <c>GetParam</c> (statistics, addresses) through <see cref="Api"/>.</summary>
    public QuicHandle Connection => _connection!;

    /// <summary>The API table the connection belongs to.</summary>
    public QuicApiTable Api => _endpoint.Api;

    /// <summary>True once the handshake completed (CONNECTED).</summary>
    public bool IsConnected => _isConnected;

    /// <summary>True when the handshake resumed an earlier session (CONNECTED's SessionResumed).</summary>
    public bool SessionResumed { get; private set; }

    /// <summary>Completes with the first resumption ticket the server sends; pass it as <see cref="Http3ClientOptions.ResumptionTicket"/> to a later connection.</summary>
    public Task<byte[]> ResumptionTicket => _resumptionTicket.Task;

    /// <summary>The server's SETTINGS, once received.</summary>
    public Http3Settings? PeerSettings { get; private set; }

    /// <summary>The stream ID of the last GOAWAY received (requests on streams at or above it were not processed), or null.</summary>
    public ulong? GoAwayStreamId => Volatile.Read(ref _goAwayId) is long id and >= 0 ? (ulong)id : null;

    /// <summary>Completes when the connection has shut down (SHUTDOWN_COMPLETE).</summary>
    public Task Closed => _shutdownComplete.Task;

    /// <summary>Why the connection closed or is closing, or null while it is open.</summary>
    public Http3Exception? CloseReason
    {
        get
        {
            lock (_gate)
                return _closeReason;
        }
    }

    /// <summary>How many requests are in flight.</summary>
    public int ActiveRequestCount
    {
        get
        {
            lock (_gate)
                return _requests.Count;
        }
    }

    bool IHttp3ConnectionOwner.IsClosing => CloseReason is not null;

    internal QpackEncoder Encoder { get; }

    internal QpackDecoder Decoder { get; }

    internal string DefaultAuthority { get; }

    /// <summary>Opens a client on its own endpoint and connects it.</summary>
    /// <param name="options">Where and how to connect.</param>
    /// <param name="cancellationToken">Abandons the handshake.</param>
    /// <returns>The connected client.</returns>
    /// <exception cref="Http3Exception">The connection could not be established.</exception>
    public static async Task<Http3Client> ConnectAsync(Http3ClientOptions options, CancellationToken cancellationToken = default)
    {
        Http3Client client = Create(options);
        return await StartOrDisposeAsync(client, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Opens a client on a shared endpoint and connects it.</summary>
    /// <param name="endpoint">The shared registration and configuration; it must outlive the client.</param>
    /// <param name="options">Where to connect (and the request-level options).</param>
    /// <param name="cancellationToken">Abandons the handshake.</param>
    /// <returns>The connected client.</returns>
    /// <exception cref="Http3Exception">The connection could not be established.</exception>
    public static async Task<Http3Client> ConnectAsync(Http3ClientEndpoint endpoint, Http3ClientOptions options, CancellationToken cancellationToken = default)
    {
        Http3Client client = Create(endpoint, options);
        return await StartOrDisposeAsync(client, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Opens a client on its own endpoint without starting it: requests sent before
    /// <see cref="StartAsync"/> are queued, and with a resumption ticket and
    /// <see cref="Http3ClientOptions.AllowEarlyData"/> travel as 0-RTT data in the first flight.
    /// </summary>
    /// <param name="options">Where and how to connect.</param>
    /// <returns>The client, not started.</returns>
    public static Http3Client Create(Http3ClientOptions options) => Create(Http3ClientEndpoint.Open(options), options, ownsEndpoint: true);

    /// <summary>Opens a client on a shared endpoint without starting it (see <see cref="Create(Http3ClientOptions)"/>).</summary>
    /// <param name="endpoint">The shared registration and configuration; it must outlive the client.</param>
    /// <param name="options">Where to connect.</param>
    /// <returns>The client, not started.</returns>
    public static Http3Client Create(Http3ClientEndpoint endpoint, Http3ClientOptions options) => Create(endpoint, options, ownsEndpoint: false);

    private static Http3Client Create(Http3ClientEndpoint endpoint, Http3ClientOptions options, bool ownsEndpoint)
    {
        var client = new Http3Client(endpoint, ownsEndpoint, options);
        try
        {
            client.Open();
            return client;
        }
        catch
        {
            client.ReleaseHandles();
            throw;
        }
    }

    private static async Task<Http3Client> StartOrDisposeAsync(Http3Client client, CancellationToken cancellationToken)
    {
        try
        {
            await client.StartAsync(cancellationToken).ConfigureAwait(false);
            return client;
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private void Open()
    {
        Http3Exception.ThrowIfFailed(Api.ConnectionOpen(_endpoint.Registration, s_connectionCallback, this, out _connection), "ConnectionOpen");
        if (Options.ResumptionTicket is { } ticket)
            Http3Exception.ThrowIfFailed(Api.SetParam(_connection, QuicParam.ConnResumptionTicket, ticket), "SetParam(CONN_RESUMPTION_TICKET)");
        if (LocalControlStream.Open(this, _connection!, Options.MaxFieldSectionSize, UseEarlyData) is null)
            throw new Http3Exception(Http3FailureKind.QuicApiError, 0, "The control stream could not be opened.");
    }

    internal bool UseEarlyData => Options.AllowEarlyData && Options.ResumptionTicket is not null && !_isConnected;

    /// <summary>Starts the handshake (ConnectionStart) and waits for CONNECTED.</summary>
    /// <param name="cancellationToken">Abandons the handshake (the connection is shut down).</param>
    /// <returns>Completes when connected.</returns>
    /// <exception cref="Http3Exception">The connection could not be established.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
            throw new InvalidOperationException("The client was already started.");
        QuicStatus status = Api.ConnectionStart(_connection, _endpoint.Configuration, QuicAddressFamily.Unspec, Options.Host, checked((ushort)Options.Port));
        if (status.Failed())
            throw new Http3Exception(Http3FailureKind.ConnectFailed, 0, $"ConnectionStart failed: {status}.", status);
        using (cancellationToken.UnsafeRegister(static state => ((Http3Client)state!).Shutdown(Http3ErrorCode.NoError), this))
        {
            Task completed = await Task.WhenAny(_connected.Task, Task.Delay(Timeout.Infinite, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            await completed.ConfigureAwait(false);
        }
    }

    /// <summary>Sends a request and waits for its response (see <see cref="Http3Request.ResponseMode"/>).</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the request: the stream is aborted with H3_REQUEST_CANCELLED both ways.</param>
    /// <returns>The response.</returns>
    /// <exception cref="Http3Exception">The request failed; <see cref="Http3Exception.ErrorCode"/> says how.</exception>
    public Task<Http3Response> SendAsync(Http3Request request, CancellationToken cancellationToken = default) =>
        Start(request, cancellationToken).Response;

    /// <summary>Sends a GET request and buffers the response.</summary>
    /// <param name="path">The :path.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The response.</returns>
    public Task<Http3Response> GetAsync(string path, CancellationToken cancellationToken = default) =>
        SendAsync(new Http3Request("GET", path), cancellationToken);

    /// <summary>Sends a POST request with <paramref name="body"/> and buffers the response.</summary>
    /// <param name="path">The :path.</param>
    /// <param name="body">The content; it must stay unchanged until the response completes.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The response.</returns>
    public Task<Http3Response> PostAsync(string path, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default) =>
        SendAsync(new Http3Request("POST", path) { Body = body }, cancellationToken);

    /// <summary>Starts a request and returns its handle, which can abort either direction with an H3 error code.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the request: the stream is aborted with H3_REQUEST_CANCELLED both ways.</param>
    /// <returns>The request's handle; <see cref="Http3RequestHandle.Response"/> completes with the response.</returns>
    public Http3RequestHandle Start(Http3Request request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var handle = new Http3RequestHandle(this, request, cancellationToken);
        handle.Begin();
        return handle;
    }

    /// <summary>Closes the connection with <paramref name="errorCode"/> (H3_NO_ERROR: graceful) and waits for it to shut down. Requests in flight fail.</summary>
    /// <param name="errorCode">The application error code for CONNECTION_CLOSE.</param>
    /// <returns>Completes when the connection has shut down.</returns>
    public async Task CloseAsync(Http3ErrorCode errorCode = Http3ErrorCode.NoError)
    {
        Shutdown(errorCode);
        if (Volatile.Read(ref _started) == 0)
            return; // never started: ConnectionClose cleans up silently
        await Task.WhenAny(_shutdownComplete.Task, Task.Delay(s_shutdownWait)).ConfigureAwait(false);
    }

    /// <summary>Closes gracefully (H3_NO_ERROR) if still open, then frees the connection (and the endpoint when the client owns it).</summary>
    /// <returns>Completes when everything is released.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        await CloseAsync().ConfigureAwait(false);
        ReleaseHandles();
    }

    private void ReleaseHandles()
    {
        Api.ConnectionClose(_connection);
        if (_ownsEndpoint)
            _endpoint.Dispose();
    }

    private void Shutdown(Http3ErrorCode errorCode)
    {
        lock (_gate)
            _closeReason ??= new Http3Exception(Http3FailureKind.ConnectionClosed, (ulong)errorCode, $"The client closed the connection ({errorCode}).");
        Api.ConnectionShutdown(_connection, QuicConnectionShutdownFlags.None, (ulong)errorCode);
    }

    void IHttp3ConnectionOwner.FailConnection(Http3ProtocolError error) => FailConnection(error);

    internal void FailConnection(Http3ProtocolError error)
    {
        lock (_gate)
            _closeReason ??= new Http3Exception(Http3FailureKind.ProtocolError, (ulong)error.Code, $"HTTP/3 connection error {error.Code}: {error.Reason}.");
        Api.ConnectionShutdown(_connection, QuicConnectionShutdownFlags.None, (ulong)error.Code);
    }

    /// <summary>Why a new request cannot start now, or null.</summary>
    internal Http3Exception? GetStartFailure()
    {
        lock (_gate)
        {
            if (_closeReason is { } reason)
                return new Http3Exception(reason.Kind == Http3FailureKind.ConnectFailed ? Http3FailureKind.ConnectFailed : Http3FailureKind.ConnectionClosed, reason.ErrorCode, reason.Message, reason.Status);
        }
        return GoAwayStreamId is null ? null : new Http3Exception(Http3FailureKind.GoAway, 0, "The server sent GOAWAY; open a new connection.");
    }

    internal void Track(Http3RequestHandle request)
    {
        lock (_gate)
            _requests.Add(request);
    }

    internal void Untrack(Http3RequestHandle request)
    {
        lock (_gate)
            _requests.Remove(request);
    }

    /// <summary>The failure to report for a request whose stream ended with the connection.</summary>
    internal Http3Exception GetConnectionFailure(ulong errorCode, bool closedRemotely, QuicStatus status)
    {
        lock (_gate)
        {
            if (_closeReason is { } reason)
                return new Http3Exception(reason.Kind == Http3FailureKind.ConnectFailed ? Http3FailureKind.ConnectFailed : reason.Kind, reason.ErrorCode, reason.Message, reason.Status);
        }
        string by = closedRemotely ? "the server" : "the transport";
        return new Http3Exception(Http3FailureKind.ConnectionClosed, errorCode, $"The connection was closed by {by} (0x{errorCode:x}).", status);
    }
}
