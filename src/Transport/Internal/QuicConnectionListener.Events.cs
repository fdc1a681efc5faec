using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Transport.Internal;

internal sealed partial class QuicConnectionListener
{
    private static readonly QuicListenerCallback Callback = OnEvent;

    private static QuicStatus OnEvent(QuicHandle listener, object? context, ref QuicListenerEvent evt)
    {
        var self = (QuicConnectionListener)context!;
        try
        {
            switch (evt.Type)
            {
                case QuicListenerEventType.NewConnection:
                    return self.OnNewConnection(evt.NewConnection.Connection, evt.NewConnection.Info);
                case QuicListenerEventType.StopComplete:
                    self._stopComplete.TrySetResult();
                    break;
            }
        }
        catch (Exception ex)
        {
            TransportLog.UnexpectedError(self._transport.Logger, $"listener event {evt.Type}", ex);
            return QuicStatus.InternalError;
        }
        return QuicStatus.Success;
    }

    private QuicStatus OnNewConnection(QuicHandle handle, in QuicNewConnectionInfo info)
    {
        if (_stopping)
            return QuicStatus.ConnectionRefused;
        if (Interlocked.Increment(ref _waiting) > _transport.Options.Backlog)
        {
            Interlocked.Decrement(ref _waiting);
            TransportLog.BacklogFull(_transport.Logger, info.RemoteAddress, _transport.Options.Backlog);
            return QuicStatus.ConnectionRefused;
        }
        var connection = new QuicConnectionContext(_transport, handle, info.LocalAddress, info.RemoteAddress, info.ServerName);
        _transport.Stack.AddReference(); // released when the connection handle is closed
        Api.SetCallbackHandler(handle, QuicConnectionContext.Callback, connection);
        // Kestrel's TLS callback may be slow or asynchronous: never run it on the QUIC worker.
        ThreadPool.UnsafeQueueUserWorkItem(static state => _ = state.Listener.HandshakeAsync(state.Connection), (Listener: this, Connection: connection), preferLocal: false);
        return QuicStatus.Success;
    }
}
