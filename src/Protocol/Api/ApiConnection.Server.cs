using QuicKestrel.Protocol.Connection;
using QuicKestrel.Protocol.Endpoint;
using QuicKestrel.Protocol.Runtime;
using QuicKestrel.Protocol.Runtime.Binding;
using QuicKestrel.Protocol.Runtime.Datapath;
using QuicKestrel.Protocol.Runtime.Driver;
using QuicKestrel.Protocol.Tls;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Api;

// Server connections: created on the binding's receive thread for an admitted client Initial,
// then, once the engine has read the ClientHello, offered to the listener whose address and ALPNs
// match (NEW_CONNECTION). Until the application accepts one, nobody owns it: refused or
// unmatched, it is closed with CONNECTION_REFUSED or no_application_protocol and frees itself.
internal sealed partial class ApiConnection
{
    private const ulong NoApplicationProtocol = 0x100 + (ulong)TlsAlert.NoApplicationProtocol;

    /// <summary>
    /// The engine connection for a new client, hosted on the workers of the registration of a
    /// listener of the binding (the one that accepts it is only known after the ClientHello).
    /// </summary>
    public static IEndpointConnection? CreateServer(UdpBinding binding, long now, in NewConnectionInfo info)
    {
        if (binding.Listeners.First?.Owner is not ApiListener host || host.Registration.IsShuttingDown)
            return null;
        var connection = new ApiConnection(host.Registration, isServer: true, handler: null, context: null);
        if (!host.Registration.TryAddChild(connection))
        {
            connection.Driver.Handle.Close();
            return null;
        }
        var identity = new EndpointIdentity(binding.Endpoint);
        var options = new ConnectionOptions
        {
            Settings = SettingsMapping.ToConnectionSettings(ApiLibrary.Settings),
            ResetTokens = identity,
            ConnectionIds = identity,
            UnixTimeOffsetMicros = WallClock.UnixOffsetMicros,
        };
        var parameters = new ServerConnectionParameters
        {
            Version = info.Version,
            InitialDestinationConnectionId = new ConnectionId(info.InitialDestinationConnectionId.Span),
            ClientSourceConnectionId = new ConnectionId(info.ClientSourceConnectionId.Span),
            LocalConnectionId = new ConnectionId(info.LocalConnectionId.Span),
            OriginalDestinationConnectionId = info.HasRetrySourceConnectionId ? new ConnectionId(info.OriginalDestinationConnectionId.Span) : null,
            RetrySourceConnectionId = info.HasRetrySourceConnectionId ? new ConnectionId(info.RetrySourceConnectionId.Span) : null,
            AddressValidated = info.AddressValidated,
            Path = PathConversions.ToPath(info.Addresses),
            DeferResumptionDecision = true,
        };
        QuicConnection engine = QuicConnection.CreateServer(options, parameters, now);
        ApiLibrary.Bindings.AddReference(binding);
        connection.Driver.Attach(engine, binding);
        return connection.Driver;
    }

    /// <summary>The ClientHello is read: find the listener (address, ALPN) and raise NEW_CONNECTION.</summary>
    private void OnServerConfigurationNeeded(QuicConnection engine, long now)
    {
        var tls = (TlsServer)engine.Tls;
        byte[] clientAlpns = EncodeAlpnList(tls.ClientAlpns);
        UdpEndPoint local = PathConversions.ToUdpEndPoint(engine.Path.Local);
        BindingListener? entry = Driver.Binding!.Listeners.Find(local, clientAlpns, out ReadOnlySpan<byte> negotiated);
        if (entry?.Owner is not ApiListener listener)
        {
            engine.CloseWithError(new QuicError((TransportErrorCode)NoApplicationProtocol, (ulong)FrameType.Crypto, "no listener for the offered ALPNs"), now);
            return;
        }
        MoveToRegistration(listener.Registration);
        var info = new QuicNewConnectionInfo
        {
            QuicVersion = engine.Version,
            LocalAddress = (engine.Path.Local.IsNone ? Driver.Binding.LocalEndPoint : local).ToIPEndPoint(),
            RemoteAddress = engine.Path.Remote.ToEndPoint(),
            CryptoBuffer = tls.ClientHelloBytes.ToArray(),
            ClientAlpnList = clientAlpns,
            NegotiatedAlpn = negotiated.ToArray(),
            ServerName = tls.ServerName,
        };
        _serverName = tls.ServerName;
        HasApplicationOwner = true;
        bool offered = listener.TryIndicateNewConnection(this, info, out QuicStatus status);
        if (offered && status.Succeeded() && (Handle.Handler is not null || Handle.IsClosed))
            return;
        // Refused (or the listener stopped meanwhile): the stack closes it, never the application.
        HasApplicationOwner = false;
        engine.CloseWithError(new QuicError(TransportErrorCode.ConnectionRefused, 0, "connection refused by the application"), now);
    }

    /// <summary>MsQuic registers an accepted connection with its listener's registration.</summary>
    private void MoveToRegistration(ApiRegistration registration)
    {
        if (registration == Registration)
            return;
        if (registration.TryAddChild(this))
        {
            Registration.RemoveChild(this);
            Registration = registration;
        }
    }

    /// <summary>ConnectionSetConfiguration's synchronous checks.</summary>
    public QuicStatus SetConfiguration(ApiConfiguration configuration)
    {
        if (!IsServer || configuration.ServerTls is null)
            return QuicStatus.InvalidParameter;
        lock (_apiGate)
        {
            if (_configurationSet || _closeCalled)
                return QuicStatus.InvalidState;
            _configurationSet = true;
        }
        Post(ApiOperation.SetConfiguration, state: configuration);
        return QuicStatus.Pending;
    }

    /// <summary>Worker: the configuration's settings shape the transport parameters, then the handshake goes on.</summary>
    private void ExecuteSetConfiguration(ApiConfiguration configuration, long now)
    {
        if (Engine is not { } engine || _shutdownInitiated || engine.State is not (ConnectionState.Handshaking or ConnectionState.Created))
            return;
        Configuration = configuration;
        QuicSettings settings = EffectiveSettings(configuration);
        engine.ApplyServerSettings(SettingsMapping.ToConnectionSettings(settings, DatagramReceiveOverride));
        TlsServerConfig tls = configuration.ServerTls!;
        engine.SetServerConfiguration(_secretsRequested ? WithKeyLog(tls) : tls, now);
    }

    /// <summary>RESUMED: the application accepts (SUCCESS), defers (PENDING) or refuses the resumption.</summary>
    private void OnResumptionRequested(QuicConnection engine, long now)
    {
        var tls = (TlsServer)engine.Tls;
        _event.Type = QuicConnectionEventType.Resumed;
        _event.Resumed = new() { ResumptionState = tls.TicketAppData.ToArray() };
        QuicStatus status = Indicate();
        if (status == QuicStatus.Pending)
        {
            _resumptionPending = true;
            return;
        }
        engine.CompleteResumption(status.Succeeded(), now);
    }

    private void ExecuteResumptionDecision(bool accept, long now)
    {
        if (!_resumptionPending || Engine is not { } engine)
            return;
        _resumptionPending = false;
        engine.CompleteResumption(accept, now);
    }

    /// <summary>The TLS wire form of an ALPN list: a length byte before each name.</summary>
    private static byte[] EncodeAlpnList(IReadOnlyList<byte[]> alpns)
    {
        int length = 0;
        foreach (byte[] alpn in alpns)
            length += 1 + alpn.Length;
        var list = new byte[length];
        int offset = 0;
        foreach (byte[] alpn in alpns)
        {
            list[offset++] = (byte)alpn.Length;
            alpn.CopyTo(list, offset);
            offset += alpn.Length;
        }
        return list;
    }
}
