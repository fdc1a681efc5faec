using Microsoft.AspNetCore.Connections;
using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Transport.Internal;

internal sealed partial class QuicStreamContext
{
    /// <summary>The stream callback; the context is the <see cref="QuicStreamContext"/>.</summary>
    internal static readonly QuicStreamCallback Callback = OnEvent;

    private static QuicStatus OnEvent(QuicHandle stream, object? context, ref QuicStreamEvent evt)
    {
        var self = (QuicStreamContext)context!;
        try
        {
            return self.HandleEvent(ref evt);
        }
        catch (Exception ex)
        {
            TransportLog.UnexpectedError(self._connection.Transport.Logger, $"stream event {evt.Type}", ex);
            return QuicStatus.InternalError;
        }
    }

    private QuicStatus HandleEvent(ref QuicStreamEvent evt)
    {
        switch (evt.Type)
        {
            case QuicStreamEventType.Receive:
                return OnReceive(ref evt.Receive);
            case QuicStreamEventType.SendComplete:
                _sendCompletion.Complete(!evt.SendComplete.Canceled);
                break;
            case QuicStreamEventType.StartComplete:
                OnStartComplete(evt.StartComplete.Status, evt.StartComplete.ID);
                break;
            case QuicStreamEventType.PeerSendShutdown:
                OnPeerSendShutdown();
                break;
            case QuicStreamEventType.PeerSendAborted:
                OnPeerSendAborted(evt.PeerSendAborted.ErrorCode);
                break;
            case QuicStreamEventType.PeerReceiveAborted:
                OnPeerReceiveAborted(evt.PeerReceiveAborted.ErrorCode);
                break;
            case QuicStreamEventType.ShutdownComplete:
                OnShutdownComplete(evt.ShutdownComplete.ConnectionShutdown, evt.ShutdownComplete.ConnectionClosedRemotely);
                break;
        }
        return QuicStatus.Success;
    }

    private void OnStartComplete(QuicStatus status, ulong streamId)
    {
        if (status.Succeeded())
            StreamId = (long)streamId;
        _startComplete?.TrySetResult(status);
    }

    private void OnShutdownComplete(bool connectionShutdown, bool closedRemotely)
    {
        if (NeedsCloseReason())
        {
            Exception error = connectionShutdown && closedRemotely
                ? new ConnectionResetException("The peer closed the QUIC connection.")
                : new ConnectionAbortedException("The QUIC stream was closed.");
            CompleteInput(error);
            lock (_gate)
                _sendAbortReason ??= error;
        }
        _output.Reader.CancelPendingRead();
        _sendCompletion.Complete(false);
        // One thread-pool hop runs Kestrel's closed callbacks and then resumes DisposeAsync.
        FireStreamClosed(_shutdownComplete);
    }

    /// <summary>True while a reader or the send loop could still observe why the stream ended.</summary>
    private bool NeedsCloseReason()
    {
        lock (_gate)
        {
            if (!_inputCompleted)
                return true;
        }
        return !_sendTask.IsCompleted;
    }
}
