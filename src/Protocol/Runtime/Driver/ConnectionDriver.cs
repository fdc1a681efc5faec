using QuicKestrel.Protocol.Connection;
using QuicKestrel.Protocol.Endpoint;
using QuicKestrel.Protocol.Runtime.Binding;
using QuicKestrel.Protocol.Runtime.Datapath;

namespace QuicKestrel.Protocol.Runtime.Driver;

/// <summary>
/// Drives one engine connection on its worker (MsQuic's connection worker loop): datagrams the
/// binding routed here, operations the API queued, the engine's timer; each turn ends with a
/// flush that delivers events, sends what the engine has (GSO batches of up to the socket's
/// segment limit, into the worker's send buffer) and reports routing changes to the endpoint.
/// Also the connection's face towards the endpoint (<see cref="IBoundConnection"/>): the receive
/// thread only queues datagrams here, and the engine's routing events are read by the endpoint
/// while this worker holds the binding's lock.
/// </summary>
internal sealed partial class ConnectionDriver : IWorkOwner, IBoundConnection
{
    /// <summary>Send batches per turn before yielding to the worker's other connections.</summary>
    private const int MaxSendBatchesPerTurn = 8;

    private readonly IConnectionDriverHost _host;
    private QuicConnection? _connection;
    private UdpBinding? _binding;
    private bool _newTokenWanted;
    private bool _terminated;

    public ConnectionDriver(IConnectionDriverHost host, WorkerPool pool)
    {
        _host = host;
        Handle = pool.Attach(this);
    }

    public WorkOwnerHandle Handle { get; }

    /// <summary>The engine connection, once created (worker thread only after that).</summary>
    public QuicConnection? Connection => _connection;

    public UdpBinding? Binding => _binding;

    /// <inheritdoc/>
    public int Slot { get; set; } = -1;

    /// <summary>The engine finished and the endpoint forgot it.</summary>
    public bool IsTerminated => _terminated;

    /// <summary>True on this connection's worker thread (inside its callbacks).</summary>
    public bool IsOnWorkerThread => Handle.IsOnWorkerThread;

    public long NextDeadline => _connection?.NextTimeout() ?? MonotonicClock.Never;

    /// <summary>Plugs in the engine and the binding it sends through (before any datagram can arrive for it).</summary>
    public void Attach(QuicConnection connection, UdpBinding binding)
    {
        _connection = connection;
        _binding = binding;
    }

    void IWorkOwner.ProcessOperation(in WorkOperation operation, long now)
    {
        if (operation.Kind != WorkOperationKind.Datagram)
        {
            _host.ExecuteOperation(operation.Code, operation.Argument, operation.State, now);
            return;
        }
        if (_connection is not { } connection || _terminated)
            return;
        ReceivedDatagram datagram = operation.Datagram;
        var path = new PathAddresses(
            PathConversions.ToNetworkAddress(datagram.LocalEndPoint),
            PathConversions.ToNetworkAddress(datagram.RemoteEndPoint));
        connection.HandleDatagram(now, datagram.Buffer.Span.Slice(datagram.Offset, datagram.Length), path, (EcnMarking)datagram.Ecn);
    }

    void IWorkOwner.OnTimer(long now) => _connection?.HandleTimeout(now);

    void IWorkOwner.Flush(long now, WorkerContext context)
    {
        _host.DeliverEvents(now);
        // Application callbacks may have run for a while: packets are stamped with the time
        // they really leave, or RTT samples (and the peer's ack delays) would count that time.
        Transmit(MonotonicClock.NowMicros, context);
        if (_host.HasPendingEvents)
        {
            // Sending can finish streams or datagrams; tell the application in this turn.
            _host.DeliverEvents(now);
            Transmit(MonotonicClock.NowMicros, context);
        }
        ReportRoutes(now);
        if (_host.HasPendingEvents)
            Handle.RequestFlush();
    }

    /// <summary>Engine output into the worker's send buffer, one GSO batch at a time.</summary>
    private void Transmit(long now, WorkerContext context)
    {
        if (_connection is not { } connection || _binding is not { } binding || _terminated)
            return;
        UdpSender sender = context.GetSender(binding.Socket);
        int maxDatagrams = Math.Max(1, binding.Capabilities.MaxGsoSegments);
        Span<byte> buffer = context.SendBuffer;
        for (int batch = 0; batch < MaxSendBatchesPerTurn; batch++)
        {
            if (!connection.PollTransmit(now, buffer, maxDatagrams, out Transmit transmit))
                return;
            UdpEndPoint remote = PathConversions.ToUdpEndPoint(transmit.Path.Remote);
            UdpEndPoint local = PathConversions.ToUdpEndPoint(transmit.Path.Local);
            // A failed send is a lost datagram; loss recovery resends what mattered.
            sender.Send(buffer[..transmit.Length], transmit.SegmentSize, remote, local, (EcnCodepoint)transmit.Ecn);
        }
        Handle.RequestFlush(); // more may be ready: come back after the worker's other connections
    }

    /// <summary>Lets the endpoint apply the engine's routing events; queues a NEW_TOKEN once the handshake is confirmed.</summary>
    private void ReportRoutes(long now)
    {
        if (_binding is not { } binding || _connection is not { } connection || _terminated)
            return;
        binding.ProcessConnectionEvents(this);
        if (_newTokenWanted)
        {
            _newTokenWanted = false;
            NetAddress client = PathConversions.ToNetAddress(connection.Path.Remote);
            if (binding.CreateNewToken(now, client) is { } token)
                connection.QueueNewToken(token);
        }
        if (_terminated)
            _host.OnTerminated(now);
    }
}
