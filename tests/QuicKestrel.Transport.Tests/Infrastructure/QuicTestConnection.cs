using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Transport.Tests.Infrastructure;

/// <summary>
/// A raw QUIC client connection on the public MsQuic-model API, for driving the transport the
/// way a peer does: streams both ways, aborts with codes, connection close with codes.
/// </summary>
internal sealed class QuicTestConnection : IAsyncDisposable
{
    private readonly QuicApiTable _api;
    private readonly QuicHandle _registration;
    private readonly QuicHandle _configuration;
    private QuicHandle? _connection;
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _shutdownComplete = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Channel<QuicTestStream> _peerStreams = Channel.CreateUnbounded<QuicTestStream>();

    private QuicTestConnection(QuicApiTable api, QuicHandle registration, QuicHandle configuration)
    {
        _api = api;
        _registration = registration;
        _configuration = configuration;
    }

    public QuicApiTable Api => _api;

    public QuicHandle Handle => _connection!;

    /// <summary>Completes when the handshake is done; faults when the connection ends before.</summary>
    public Task Connected => _connected.Task;

    public Task ShutdownComplete => _shutdownComplete.Task;

    /// <summary>The application error code of the server's CONNECTION_CLOSE, once received.</summary>
    public ulong? PeerCloseCode { get; private set; }

    public QuicStatus? TransportCloseStatus { get; private set; }

    public static async Task<QuicTestConnection> ConnectAsync(
        IPEndPoint server, string alpn = "h3", string serverName = "localhost", X509Certificate2? clientCertificate = null, ushort peerStreams = 100)
    {
        QuicTestConnection connection = Open(alpn, clientCertificate, peerStreams);
        connection.Start(server, serverName);
        await connection.Connected.WaitAsync(TimeSpan.FromSeconds(10));
        return connection;
    }

    /// <summary>Starts a connection without waiting for its handshake (for failing handshakes).</summary>
    public static QuicTestConnection StartNew(IPEndPoint server, string alpn = "h3", string serverName = "localhost")
    {
        QuicTestConnection connection = Open(alpn, null, 100);
        connection.Start(server, serverName);
        return connection;
    }

    public async Task<QuicTestStream> OpenStreamAsync(bool unidirectional = false)
    {
        QuicTestStream stream = OpenAndStart(unidirectional, out QuicStatus status);
        Check(status, "StreamStart");
        await stream.Started.WaitAsync(TimeSpan.FromSeconds(10));
        return stream;
    }

    /// <summary>Opens and starts a stream without waiting or checking the start (for stream-credit tests).</summary>
    public QuicTestStream StartStream(bool unidirectional = false) => OpenAndStart(unidirectional, out _);

    private QuicTestStream OpenAndStart(bool unidirectional, out QuicStatus startStatus)
    {
        var stream = new QuicTestStream(_api, unidirectional, outbound: true);
        Check(_api.StreamOpen(_connection, unidirectional ? QuicStreamOpenFlags.Unidirectional : QuicStreamOpenFlags.None,
            QuicTestStream.Callback, stream, out QuicHandle? handle), "StreamOpen");
        stream.Handle = handle!;
        startStatus = _api.StreamStart(handle, QuicStreamStartFlags.None);
        return stream;
    }

    public ValueTask<QuicTestStream> AcceptStreamAsync(CancellationToken cancellationToken = default) => _peerStreams.Reader.ReadAsync(cancellationToken);

    public void Close(ulong errorCode) => _api.ConnectionShutdown(_connection, QuicConnectionShutdownFlags.None, errorCode);

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            _api.ConnectionShutdown(_connection, QuicConnectionShutdownFlags.None, 0);
            await _shutdownComplete.Task.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            _api.ConnectionClose(_connection);
        }
        _api.ConfigurationClose(_configuration);
        await Task.Run(() => _api.RegistrationClose(_registration));
        MsQuicLibrary.MsQuicClose(_api);
    }

    private static QuicTestConnection Open(string alpn, X509Certificate2? clientCertificate, ushort peerStreams)
    {
        MsQuicLibrary.MsQuicOpen2(out QuicApiTable api);
        Check(api.RegistrationOpen(new QuicRegistrationConfig { AppName = "transport-tests" }, out QuicHandle? registration), "RegistrationOpen");
        var settings = new QuicSettings { PeerBidiStreamCount = peerStreams, PeerUnidiStreamCount = peerStreams, IdleTimeoutMs = 30_000 };
        QuicBuffer[] alpns = [new QuicBuffer(System.Text.Encoding.ASCII.GetBytes(alpn))];
        Check(api.ConfigurationOpen(registration, alpns, settings, null, out QuicHandle? configuration), "ConfigurationOpen");
        var credential = new QuicCredentialConfig
        {
            Flags = QuicCredentialFlags.Client | QuicCredentialFlags.NoCertificateValidation,
            Type = clientCertificate is null ? QuicCredentialType.None : QuicCredentialType.CertificateContext,
            CertificateContext = clientCertificate,
        };
        Check(api.ConfigurationLoadCredential(configuration, credential), "ConfigurationLoadCredential");
        return new QuicTestConnection(api, registration!, configuration!);
    }

    private void Start(IPEndPoint server, string serverName)
    {
        Check(_api.ConnectionOpen(_registration, OnEvent, this, out _connection), "ConnectionOpen");
        Check(_api.SetParam(_connection, QuicParam.ConnRemoteAddress, new QuicAddress(server)), "SetParam(remote address)");
        QuicStatus status = _api.ConnectionStart(_connection, _configuration, QuicAddressFamily.Inet, serverName, (ushort)server.Port);
        if (status.Failed())
            throw new InvalidOperationException($"ConnectionStart failed: {status}");
    }

    private static QuicStatus OnEvent(QuicHandle handle, object? context, ref QuicConnectionEvent evt)
    {
        var self = (QuicTestConnection)context!;
        switch (evt.Type)
        {
            case QuicConnectionEventType.Connected:
                self._connected.TrySetResult();
                break;
            case QuicConnectionEventType.ShutdownInitiatedByPeer:
                self.PeerCloseCode = evt.ShutdownInitiatedByPeer.ErrorCode;
                break;
            case QuicConnectionEventType.ShutdownInitiatedByTransport:
                self.TransportCloseStatus = evt.ShutdownInitiatedByTransport.Status;
                break;
            case QuicConnectionEventType.ShutdownComplete:
                self._connected.TrySetException(new InvalidOperationException($"The connection closed before it was established ({self.TransportCloseStatus})."));
                self._peerStreams.Writer.TryComplete();
                self._shutdownComplete.TrySetResult();
                break;
            case QuicConnectionEventType.PeerStreamStarted:
                bool unidirectional = (evt.PeerStreamStarted.Flags & QuicStreamOpenFlags.Unidirectional) != 0;
                var stream = new QuicTestStream(self._api, unidirectional, outbound: false) { Handle = evt.PeerStreamStarted.Stream };
                self._api.SetCallbackHandler(evt.PeerStreamStarted.Stream, QuicTestStream.Callback, stream);
                self._peerStreams.Writer.TryWrite(stream);
                break;
        }
        return QuicStatus.Success;
    }

    internal static void Check(QuicStatus status, string call)
    {
        if (status.Failed())
            throw new InvalidOperationException($"{call} failed: {status}");
    }
}
