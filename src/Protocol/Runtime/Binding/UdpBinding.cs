using QuicKestrel.Protocol.Endpoint;
using QuicKestrel.Protocol.Runtime.Datapath;

namespace QuicKestrel.Protocol.Runtime.Binding;

/// <summary>
/// One UDP socket and the sans-IO <see cref="QuicEndpoint"/> that routes its datagrams (MsQuic's
/// QUIC_BINDING). The socket's receive thread hands each datagram to the endpoint, which routes
/// it to a connection (whose adapter queues it, retained, to the connection's worker), creates a
/// server connection, or queues a stateless reply, sent from the receive thread at the end of the
/// batch. The endpoint is single-threaded, so one lock guards it: taken by the receive thread per
/// datagram and by workers when a connection reports routing changes
/// (<see cref="ProcessConnectionEvents"/>). Listening bindings are shared by listeners on the
/// same port; each client connection has its own binding. Reference-counted by its
/// <see cref="BindingTable"/>.
/// </summary>
internal sealed partial class UdpBinding : IDatagramReceiver, IServerConnectionFactory
{
    private readonly Lock _gate = new();
    private readonly BindingOptions _options;
    private UdpSocket _socket = null!;
    private ReceivedDatagram _current;
    private object? _routeDrainOwner;
    private bool _repliesPending;
    private UdpSender? _replySender;
    private byte[]? _replyBuffer;
    internal int ReferenceCount;

    private UdpBinding(BindingOptions options, bool serverOwned)
    {
        _options = options;
        IsServerOwned = serverOwned;
        Endpoint = new QuicEndpoint(options.CreateEndpointOptions(), options.Random)
        {
            WallClockOffsetMicros = WallClock.UnixOffsetMicros,
        };
        ReferenceCount = 1;
    }

    /// <summary>Opens the socket for a new binding and starts its receive thread.</summary>
    internal static DatapathResult Open(BindingOptions options, UdpSocketOptions socketOptions, bool serverOwned, out UdpBinding? binding)
    {
        var created = new UdpBinding(options, serverOwned);
        DatapathResult result = UdpSocket.Open(socketOptions, created, out UdpSocket? socket);
        binding = null;
        if (!result.IsSuccess)
            return result;
        created._socket = socket!;
        result = socket!.StartReceiving();
        if (!result.IsSuccess)
        {
            socket.Dispose();
            return result;
        }
        binding = created;
        return DatapathResult.Success;
    }

    public UdpSocket Socket => _socket;

    /// <summary>The endpoint; touch it only inside <see cref="Gate"/> (or through the methods here).</summary>
    public QuicEndpoint Endpoint { get; }

    /// <summary>The lock around <see cref="Endpoint"/>.</summary>
    public Lock Gate => _gate;

    /// <summary>A listening binding, shared by the listeners of its port (MsQuic "server owned").</summary>
    public bool IsServerOwned { get; }

    public ListenerSet Listeners { get; } = new();

    /// <summary>The bound address (the real port when 0 was asked for).</summary>
    public UdpEndPoint LocalEndPoint => _socket.LocalEndPoint;

    public DatapathCapabilities Capabilities => _socket.Capabilities;

    /// <summary>Datagrams the socket or the endpoint dropped (MsQuic's BindingRecvDroppedPackets).</summary>
    public long DroppedDatagrams
    {
        get
        {
            lock (_gate)
                return _socket.DatagramsDropped + Endpoint.Statistics.Count(DatagramDisposition.Dropped);
        }
    }

    /// <summary>
    /// The datagram being dispatched; valid only while a connection adapter's
    /// <see cref="IEndpointConnection.HandleDatagram"/> runs on the receive thread, which queues it.
    /// </summary>
    public ref readonly ReceivedDatagram CurrentDatagram => ref _current;

    /// <summary>True while <paramref name="connection"/>'s routing events may be read (a worker drains them under the lock).</summary>
    public bool IsDrainingRoutesFor(object connection) => ReferenceEquals(_routeDrainOwner, connection);

    /// <summary>
    /// Worker side: lets the endpoint apply <paramref name="connection"/>'s routing events (new or
    /// retired connection IDs, reset tokens, drained). The connection's TryPollRouteEvent answers
    /// only during this call, so the receive thread never reads the connection's state.
    /// </summary>
    public void ProcessConnectionEvents(int slot, object connection)
    {
        lock (_gate)
        {
            _routeDrainOwner = connection;
            try
            {
                Endpoint.ProcessConnectionEvents(slot);
            }
            finally
            {
                _routeDrainOwner = null;
            }
        }
    }

    /// <summary>Routes a client connection's first Source Connection ID here; the slot, or -1 when taken.</summary>
    public int RegisterClientConnection(IEndpointConnection connection, in ConnectionIdKey localConnectionId, in NetAddress remote)
    {
        lock (_gate)
            return Endpoint.RegisterClientConnection(connection, localConnectionId, remote);
    }

    /// <summary>A connection ID of ours that routes nowhere yet.</summary>
    public ConnectionIdKey NewConnectionId()
    {
        lock (_gate)
            return Endpoint.NewConnectionId();
    }

    /// <summary>Starts listening when the first listener arrives; stops with the last.</summary>
    internal void UpdateListening()
    {
        lock (_gate)
        {
            if (Listeners.Count > 0 && !Endpoint.IsListening)
                Endpoint.Listen(this);
            else if (Listeners.Count == 0 && Endpoint.IsListening)
                Endpoint.StopListening();
        }
    }

    IEndpointConnection? IServerConnectionFactory.CreateConnection(long now, in NewConnectionInfo info) =>
        _options.ConnectionFactory.CreateServerConnection(this, now, info);

    /// <summary>Closes the socket (joining the receive thread) once no one uses the binding.</summary>
    internal void Close()
    {
        _socket.Dispose();
        _replySender?.Dispose();
        _replySender = null;
    }

    public override string ToString() => $"binding {LocalEndPoint}{(IsServerOwned ? " (listening)" : "")}";
}
