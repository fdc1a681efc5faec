using System.Net;
using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Perf;

/// <summary>The perf server: a listener that accepts every connection offering ALPN "perf" and serves its request streams.</summary>
internal sealed class PerfServer : IDisposable
{
    private readonly PerfSession _session;
    private readonly QuicHandle _listener;
    private int _open;

    public PerfServer(PerfSession session, IPEndPoint address)
    {
        _session = session;
        QuicApiTable api = session.Api;
        PerfSession.Check(api.ListenerOpen(session.Registration, OnListenerEvent, null, out QuicHandle? listener), "ListenerOpen");
        _listener = listener!;
        PerfSession.Check(api.ListenerStart(_listener, [PerfProtocol.Alpn], address), "ListenerStart");
        PerfSession.Check(api.GetParam(_listener, QuicParam.ListenerLocalAddress, out QuicAddress local), "GetParam(ListenerLocalAddress)");
        Port = local.Port;
    }

    public ushort Port { get; }

    /// <summary>Connections accepted and not yet closed.</summary>
    public int OpenConnections => Volatile.Read(ref _open);

    private QuicStatus OnListenerEvent(QuicHandle listener, object? context, ref QuicListenerEvent evt)
    {
        if (evt.Type != QuicListenerEventType.NewConnection)
            return QuicStatus.Success;
        QuicHandle connection = evt.NewConnection.Connection;
        var served = new ServerConnection(_session.Api, this);
        _session.Api.SetCallbackHandler(connection, served.Callback, null);
        Interlocked.Increment(ref _open);
        QuicStatus status = _session.Api.ConnectionSetConfiguration(connection, _session.Configuration);
        if (status is QuicStatus.Success or QuicStatus.Pending)
            return QuicStatus.Success;
        Interlocked.Decrement(ref _open);
        return status;
    }

    internal void OnConnectionClosed() => Interlocked.Decrement(ref _open);

    /// <summary>Stops accepting and waits (bounded) for open connections to end.</summary>
    public void Dispose()
    {
        _session.Api.ListenerClose(_listener);
        long deadline = Environment.TickCount64 + 5_000;
        while (OpenConnections > 0 && Environment.TickCount64 < deadline)
            Thread.Sleep(10);
    }
}
