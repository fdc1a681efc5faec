using System.Net;
using System.Net.Sockets;
using QuicKestrel.Protocol.Connection;
using QuicKestrel.Protocol.Endpoint;
using QuicKestrel.Protocol.Runtime;
using QuicKestrel.Protocol.Runtime.Binding;
using QuicKestrel.Protocol.Runtime.Datapath;
using QuicKestrel.Protocol.Runtime.Driver;
using QuicKestrel.Protocol.Tls;

namespace QuicKestrel.Protocol.Api;

// Start (client), shutdown, close and the end of the connection.
internal sealed partial class ApiConnection
{
    /// <summary>ConnectionStart's synchronous part: state checks and name resolution; the rest runs on the worker.</summary>
    public QuicStatus Start(ApiConfiguration configuration, QuicAddressFamily family, string? serverName, ushort port)
    {
        if (IsServer || configuration.ClientTls is null)
            return QuicStatus.InvalidParameter;
        IPEndPoint? remote = RemoteAddressOverride is { } set ? set.ToIPEndPoint() : null;
        if (remote is null && serverName is null)
            return QuicStatus.InvalidParameter;
        lock (_apiGate)
        {
            if (_startCalled || _closeCalled || _shutdownCalled)
                return QuicStatus.InvalidState;
            _startCalled = true;
        }
        remote ??= Resolve(serverName!, family, port);
        if (remote is null)
        {
            Post(ApiOperation.Start, state: null);
            return QuicStatus.Pending;
        }
        bool isLiteral = IPAddress.TryParse(serverName, out _);
        Post(ApiOperation.Start, state: new ClientStartRequest(configuration, isLiteral ? null : serverName, remote));
        return QuicStatus.Pending;
    }

    /// <summary>The server's address: an IP literal as is, else the first address of the family the name resolves to.</summary>
    private static IPEndPoint? Resolve(string serverName, QuicAddressFamily family, ushort port)
    {
        if (IPAddress.TryParse(serverName, out IPAddress? literal))
            return new IPEndPoint(literal, port);
        try
        {
            foreach (IPAddress address in Dns.GetHostAddresses(serverName))
            {
                if (family == QuicAddressFamily.Unspec
                    || family == QuicAddressFamily.Inet && address.AddressFamily == AddressFamily.InterNetwork
                    || family == QuicAddressFamily.Inet6 && address.AddressFamily == AddressFamily.InterNetworkV6)
                    return new IPEndPoint(address, port);
            }
        }
        catch (SocketException)
        {
        }
        return null;
    }

    /// <summary>Worker: binds, creates the engine, replays the streams started so far, and starts the handshake.</summary>
    private void ExecuteStart(ClientStartRequest? request, long now)
    {
        if (_shutdownInitiated)
            return;
        if (request is null)
        {
            FailBeforeEngine(QuicStatus.Unreachable);
            return;
        }
        Configuration = request.Configuration;
        UdpEndPoint local = LocalAddressOverride is { } bindTo ? bindTo.ToUdpEndPoint() : default;
        DatapathResult bound = ApiLibrary.Bindings.CreateClient(local, _shareBinding, out UdpBinding? binding);
        if (!bound.IsSuccess)
        {
            FailBeforeEngine(StatusMapping.FromDatapath(bound.Status));
            return;
        }
        QuicConnection engine = CreateClientEngine(request, binding!, now);
        Driver.Attach(engine, binding!);
        NetAddress remote = NetAddress.FromIPEndPoint(request.Remote);
        if (!binding!.RegisterClientConnection(Driver, new ConnectionIdKey(engine.LocalConnectionId.Span), remote))
        {
            FailBeforeEngine(QuicStatus.InternalError);
            return;
        }
        ReplayStreams(now);
        engine.Start(now);
    }

    private QuicConnection CreateClientEngine(ClientStartRequest request, UdpBinding binding, long now)
    {
        TlsClientConfig tls = request.Configuration.ClientTls!;
        if (_secretsRequested)
            tls = WithKeyLog(tls);
        QuicSettings settings = EffectiveSettings(request.Configuration);
        var identity = new EndpointIdentity(binding.Endpoint);
        var options = new ConnectionOptions
        {
            Settings = SettingsMapping.ToConnectionSettings(settings, DatagramReceiveOverride),
            ResetTokens = identity,
            ConnectionIds = identity,
            UnixTimeOffsetMicros = WallClock.UnixOffsetMicros,
        };
        ClientSessionTicket? ticket = _resumptionTicket is { } blob && ClientSessionTicket.TryDeserialize(blob, out ClientSessionTicket? parsed)
            ? parsed : null;
        byte[]? token = request.ServerName is { } name ? ApiLibrary.TakeNewToken(name) : null;
        var path = new PathAddresses(default, PathConversions.ToNetworkAddress(UdpEndPoint.FromIPEndPoint(request.Remote)));
        return QuicConnection.CreateClient(options, tls, request.ServerName, path, now, ticket, token);
    }

    /// <summary>ConnectionShutdown on the worker: CONNECTION_CLOSE (or silence), and every stream ends.</summary>
    private void ExecuteShutdown(QuicConnectionShutdownFlags flags, ulong errorCode, long now)
    {
        if (_shutdownInitiated)
            return;
        bool silent = flags.HasFlag(QuicConnectionShutdownFlags.Silent);
        if (Engine is not { } engine)
        {
            _shutdownInitiated = true;
            ShutdownStreams(byApp: true, remotely: false, errorCode, QuicStatus.Success);
            QueueEvent(new ApiEvent(ApiEventKind.ConnectionShutdownComplete));
            return;
        }
        _shutdownInitiated = true;
        ShutdownStreams(byApp: true, remotely: false, errorCode, QuicStatus.Success);
        engine.Close(now, errorCode, CloseReasonPhrase, silent);
    }

    /// <summary>A client that failed before its engine existed: the shutdown events, from the API layer.</summary>
    private void FailBeforeEngine(QuicStatus status)
    {
        _shutdownInitiated = true;
        QueueEvent(new ApiEvent(ApiEventKind.ConnectionShutdownByTransport, Status: status));
        ShutdownStreams(byApp: false, remotely: false, 0, status);
        QueueEvent(new ApiEvent(ApiEventKind.ConnectionShutdownComplete));
    }

    /// <summary>
    /// ConnectionClose: without a prior shutdown, a silent abort whose SHUTDOWN_COMPLETE (with
    /// AppCloseInProgress) is delivered before this returns; then the handle is gone.
    /// </summary>
    public void Close()
    {
        lock (_apiGate)
        {
            if (_closeCalled)
                return;
            _closeCalled = true;
        }
        bool ran = Invoke(CloseOnWorker);
        if (!ran)
            Release();
    }

    private void CloseOnWorker(long now)
    {
        _appCloseInProgress = true;
        if (!_shutdownComplete)
        {
            if (Engine is { } engine)
            {
                if (!_shutdownInitiated)
                {
                    _shutdownInitiated = true;
                    ShutdownStreams(byApp: true, remotely: false, 0, QuicStatus.Success);
                }
                // Silent also cuts a closing or draining period short: SHUTDOWN_COMPLETE comes now.
                engine.Close(now, 0, CloseReasonPhrase, silent: true);
            }
            else
            {
                ExecuteShutdown(QuicConnectionShutdownFlags.Silent, 0, now);
            }
            DeliverEvents(now);
        }
        Handle.IsClosed = true;
        if (Driver.IsTerminated || Engine is null || Engine.IsTerminated)
            Release();
    }

    /// <inheritdoc/>
    public void OnTerminated(long now)
    {
        // The application is done with it (closed, or a server connection it never accepted).
        if (Handle.IsClosed || !HasApplicationOwner)
            Release();
    }

    /// <summary>Leaves the worker, the binding and the registration; frees the engine.</summary>
    private void Release()
    {
        if (_released)
            return;
        _released = true;
        Handle.IsClosed = true;
        UdpBinding? binding = Driver.Binding;
        if (binding is not null && !Driver.IsTerminated && Driver.Slot >= 0)
            binding.ProcessConnectionEvents(Driver);
        Driver.Handle.Close();
        Engine?.Dispose();
        if (binding is not null)
            ApiLibrary.Bindings.Release(binding);
        Registration.RemoveChild(this);
    }
}
