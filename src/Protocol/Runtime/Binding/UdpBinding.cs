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
    /// <summary>Lone datagrams up to this size are copied out of big (GRO) receive buffers before they are queued.</summary>
    private const int SmallDatagramCapacity = 2048;

    private readonly Lock _gate = new();
    private readonly BindingOptions _options;
    private readonly DatagramBufferPool _smallDatagrams = new(SmallDatagramCapacity, LinuxUdpSocket.RetainedBuffers(SmallDatagramCapacity, 1));
    private UdpSocket _socket = null!;
    private ReceivedDatagram _current;
    private object? _routeDrainOwner;
    private bool _repliesPending;
    private UdpSender? _replySender;
    private byte[]? _replyBuffer;
    private long _receiveThreadAllocatedBytes;
    internal int ReferenceCount;

    private UdpBinding(BindingOptions options, bool serverOwned, bool sharedClient)
    {
        _options = options;
        IsServerOwned = serverOwned;
        IsSharedClient = sharedClient;
        Endpoint = new QuicEndpoint(options.CreateEndpointOptions(), options.Random)
        {
            WallClockOffsetMicros = WallClock.UnixOffsetMicros,
        };
        ReferenceCount = 1;
    }

    /// <summary>Opens the socket for a new binding and starts its receive thread.</summary>
    internal static DatapathResult Open(BindingOptions options, UdpSocketOptions socketOptions, bool serverOwned, out UdpBinding? binding,
        bool sharedClient = false)
    {
        var created = new UdpBinding(options, serverOwned, sharedClient);
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

    /// <summary>A client binding that client connections asking to share (QUIC_PARAM_CONN_SHARE_UDP_BINDING) use together.</summary>
    public bool IsSharedClient { get; }

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

    /// <summary>Bytes the receive thread had allocated at the end of its last batch (diagnostics).</summary>
    public long ReceiveThreadAllocatedBytes => Volatile.Read(ref _receiveThreadAllocatedBytes);

    /// <summary>
    /// Receive thread, inside a connection adapter's <see cref="IEndpointConnection.HandleDatagram"/>:
    /// queues the datagram being dispatched to the connection's worker. A lone datagram in a big
    /// (GRO) buffer is copied into a small pooled one first, so a queue of small packets (ACKs)
    /// does not pin 64 KiB each; otherwise the buffer itself is retained. False when refused.
    /// </summary>
    public bool QueueCurrentDatagram(WorkOwnerHandle owner)
    {
        ref readonly ReceivedDatagram datagram = ref _current;
        DatagramBuffer source = datagram.Buffer;
        if (datagram.Length > SmallDatagramCapacity || source.Capacity < 4 * SmallDatagramCapacity || source.DatagramCount != 1)
            return owner.EnqueueDatagram(datagram);
        DatagramBuffer copy = _smallDatagrams.Rent();
        datagram.Payload.CopyTo(copy.Span);
        copy.Length = datagram.Length;
        copy.SegmentSize = datagram.Length;
        copy.RemoteEndPoint = source.RemoteEndPoint;
        copy.LocalEndPoint = source.LocalEndPoint;
        copy.LocalInterfaceIndex = source.LocalInterfaceIndex;
        copy.Ecn = source.Ecn;
        copy.Socket = source.Socket;
        bool queued = owner.EnqueueDatagram(new ReceivedDatagram(copy, 0, datagram.Length));
        copy.Release(); // the queue holds its own reference
        return queued;
    }

    /// <summary>True while <paramref name="connection"/>'s routing events may be read (a worker drains them under the lock).</summary>
    public bool IsDrainingRoutesFor(object connection) => ReferenceEquals(_routeDrainOwner, connection);

    /// <summary>
    /// Worker side: lets the endpoint apply <paramref name="connection"/>'s routing events (new or
    /// retired connection IDs, reset tokens, drained). The connection's TryPollRouteEvent answers
    /// only during this call, so the receive thread never reads the connection's state.
    /// </summary>
    public void ProcessConnectionEvents(IBoundConnection connection)
    {
        lock (_gate)
        {
            if (connection.Slot < 0)
                return;
            _routeDrainOwner = connection;
            try
            {
                Endpoint.ProcessConnectionEvents(connection.Slot);
            }
            finally
            {
                _routeDrainOwner = null;
            }
        }
    }

    /// <summary>Routes a client connection's first Source Connection ID here and gives it its slot; false when the ID is taken.</summary>
    public bool RegisterClientConnection(IBoundConnection connection, in ConnectionIdKey localConnectionId, in NetAddress remote)
    {
        lock (_gate)
        {
            connection.Slot = Endpoint.RegisterClientConnection(connection, localConnectionId, remote);
            return connection.Slot >= 0;
        }
    }

    /// <summary>A NEW_TOKEN token for a client of this (server) binding (RFC 9000 §8.1.3).</summary>
    public byte[]? CreateNewToken(long now, in NetAddress client)
    {
        Span<byte> token = stackalloc byte[AddressTokenCodec.MaxTokenLength];
        lock (_gate)
        {
            if (!Endpoint.TryWriteNewToken(now, client, token, out int written))
                return null;
            return token[..written].ToArray();
        }
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
