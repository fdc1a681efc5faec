using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Threading.Channels;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;
using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Transport.Internal;

/// <summary>
/// A listener on one UDP endpoint. NEW_CONNECTION accepts the connection at once and asks
/// Kestrel's TLS callback for the options on the thread pool; connections whose handshake
/// completes wait in a queue for <see cref="AcceptAsync"/>. A failed handshake is logged and
/// never reaches Kestrel, so one bad client cannot end Kestrel's accept loop.
/// </summary>
internal sealed partial class QuicConnectionListener : IMultiplexedConnectionListener
{
    private readonly QuicTransportContext _transport;
    private readonly TlsConnectionCallbackOptions _tls;
    private readonly ServerConfigurationCache _configurations;
    private readonly Channel<QuicConnectionContext> _accepted =
        Channel.CreateUnbounded<QuicConnectionContext>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = false });
    private readonly TaskCompletionSource _stopComplete = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private QuicHandle? _listener;
    private int _waiting; // connections between NEW_CONNECTION and Kestrel's accept
    private volatile bool _stopping;
    private int _unbound;
    private int _disposed;

    private QuicConnectionListener(QuicTransportContext transport, TlsConnectionCallbackOptions tls, IPEndPoint endPoint)
    {
        _transport = transport;
        _tls = tls;
        _configurations = new ServerConfigurationCache(transport.Stack, TransportSettings.Create(transport.Options));
        EndPoint = endPoint;
    }

    public EndPoint EndPoint { get; private set; }

    private QuicApiTable Api => _transport.Api;

    /// <summary>Opens the listener and starts it on <paramref name="endPoint"/>.</summary>
    /// <exception cref="AddressInUseException">The UDP port is taken.</exception>
    public static QuicConnectionListener Start(QuicTransportContext transport, TlsConnectionCallbackOptions tls, IPEndPoint endPoint)
    {
        var listener = new QuicConnectionListener(transport, tls, endPoint);
        try
        {
            listener.Open(endPoint);
            return listener;
        }
        catch
        {
            listener.CloseAfterFailedStart();
            throw;
        }
    }

    public async ValueTask<MultiplexedConnectionContext?> AcceptAsync(IFeatureCollection? features = null, CancellationToken cancellationToken = default)
    {
        ChannelReader<QuicConnectionContext> reader = _accepted.Reader;
        while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (reader.TryRead(out QuicConnectionContext? connection))
            {
                Interlocked.Decrement(ref _waiting);
                TransportLog.ConnectionAccepted(_transport.Logger, connection.ConnectionId, connection.RemoteEndPoint);
                return connection;
            }
        }
        return null;
    }

    public async ValueTask UnbindAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _unbound, 1) == 0)
        {
            _stopping = true;
            Api.ListenerStop(_listener);
        }
        await _stopComplete.Task.ConfigureAwait(false);
        if (_accepted.Writer.TryComplete())
        {
            while (_accepted.Reader.TryRead(out QuicConnectionContext? connection))
            {
                Interlocked.Decrement(ref _waiting);
                await connection.DisposeAsync().ConfigureAwait(false);
            }
            TransportLog.ListenerStopped(_transport.Logger, EndPoint);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await UnbindAsync().ConfigureAwait(false);
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        // ListenerClose blocks until the listener has stopped; it has, but keep it off the caller.
        await Task.Run(() => Api.ListenerClose(_listener)).ConfigureAwait(false);
        _configurations.Dispose();
        _transport.Stack.Release();
    }

    private void Open(IPEndPoint endPoint)
    {
        QuicStatus status = Api.ListenerOpen(_transport.Stack.Registration, Callback, this, out _listener);
        if (status.Failed())
            throw QuicTransportException.From(status, "ListenerOpen");
        status = Api.ListenerStart(_listener, AlpnList.ToBuffers(_tls.ApplicationProtocols), endPoint);
        if (status.Failed())
            throw QuicTransportException.From(status, $"ListenerStart on {endPoint}");
        // Port 0 asks the system for one: report the port actually bound.
        if (Api.GetParam(_listener, QuicParam.ListenerLocalAddress, out QuicAddress local).Succeeded() && local.Port != 0)
            EndPoint = new IPEndPoint(endPoint.Address, local.Port);
        TransportLog.ListenerStarted(_transport.Logger, EndPoint);
    }

    private void CloseAfterFailedStart()
    {
        Api.ListenerClose(_listener);
        _configurations.Dispose();
        _transport.Stack.Release();
    }

    private async Task HandshakeAsync(QuicConnectionContext connection)
    {
        try
        {
            await ConfigureAsync(connection).ConfigureAwait(false);
            if (await connection.HandshakeCompleted.ConfigureAwait(false) && _accepted.Writer.TryWrite(connection))
                return;
            Interlocked.Decrement(ref _waiting);
            TransportLog.HandshakeFailed(_transport.Logger, connection.RemoteEndPoint, connection.CloseReason);
            await connection.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            TransportLog.UnexpectedError(_transport.Logger, "handshake", ex);
        }
    }

    /// <summary>Asks Kestrel's TLS callback for this client and gives the connection its configuration.</summary>
    private async Task ConfigureAsync(QuicConnectionContext connection)
    {
        try
        {
            using var timeout = new CancellationTokenSource(_transport.Options.HandshakeTimeout);
            var context = new TlsConnectionCallbackContext
            {
                ClientHelloInfo = new SslClientHelloInfo(connection.HostName, SslProtocols.Tls13),
                State = _tls.OnConnectionState,
                Connection = connection,
            };
            SslServerAuthenticationOptions options = await _tls.OnConnection(context, timeout.Token).ConfigureAwait(false);
            ServerCredential credential = ServerCredential.Resolve(options, connection, connection.HostName);
            // The options object may be shared by every connection: read it, never change it.
            IReadOnlyList<SslApplicationProtocol> alpns = options.ApplicationProtocols is { Count: > 0 } own ? own : _tls.ApplicationProtocols;
            connection.ClientCertificatePolicy = ClientCertificatePolicy.From(options);
            QuicHandle configuration = _configurations.GetOrCreate(credential, alpns, options.ClientCertificateRequired);
            QuicStatus status = Api.ConnectionSetConfiguration(connection.Handle, configuration);
            if (status.Failed())
                throw QuicTransportException.From(status, "ConnectionSetConfiguration");
        }
        catch (Exception ex)
        {
            TransportLog.TlsCallbackFailed(_transport.Logger, connection.RemoteEndPoint, ex);
            Api.ConnectionShutdown(connection.Handle, QuicConnectionShutdownFlags.None, (ulong)_transport.Options.DefaultCloseErrorCode);
        }
    }
}
