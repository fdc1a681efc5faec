using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Perf;

/// <summary>
/// One accepted connection: accepts every peer stream with a pooled <see cref="ServerStream"/>
/// (so request streams allocate nothing here), and closes itself on SHUTDOWN_COMPLETE.
/// </summary>
internal sealed class ServerConnection
{
    private readonly QuicApiTable _api;
    private readonly PerfServer _server;
    private readonly Stack<ServerStream> _pool = new();

    public ServerConnection(QuicApiTable api, PerfServer server)
    {
        _api = api;
        _server = server;
    }

    public QuicConnectionCallback Callback => OnEvent;

    public void Return(ServerStream stream) => _pool.Push(stream);

    private QuicStatus OnEvent(QuicHandle connection, object? context, ref QuicConnectionEvent evt)
    {
        switch (evt.Type)
        {
            case QuicConnectionEventType.PeerStreamStarted:
                ServerStream stream = _pool.Count > 0 ? _pool.Pop() : new ServerStream(this);
                stream.Reset(_api);
                _api.SetCallbackHandler(evt.PeerStreamStarted.Stream, stream.Callback, null);
                break;
            case QuicConnectionEventType.ShutdownComplete:
                _api.ConnectionClose(connection);
                _server.OnConnectionClosed();
                break;
        }
        return QuicStatus.Success;
    }
}
