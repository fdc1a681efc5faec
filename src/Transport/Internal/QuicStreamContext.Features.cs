using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;

namespace QuicKestrel.Transport.Internal;

/// <summary>
/// The stream features Kestrel's HTTP/3 reads. <see cref="IProtocolErrorCodeFeature.Error"/>
/// stays −1 until Kestrel sets it or the peer aborts the stream (then it holds the peer's code);
/// <see cref="IStreamClosedFeature"/> callbacks run once, on the thread pool, when the client
/// aborted a side (RESET_STREAM, STOP_SENDING) or the stream closed (SHUTDOWN_COMPLETE).
/// </summary>
internal sealed partial class QuicStreamContext :
    IStreamDirectionFeature,
    IStreamIdFeature,
    IProtocolErrorCodeFeature,
    IPersistentStateFeature,
    IStreamAbortFeature,
    IStreamClosedFeature
{
    private long? _error;
    private IDictionary<object, object?>? _persistentState;
    private List<(Action<object?> Callback, object? State)>? _onClosed;
    private bool _streamClosedFired;

    public bool CanRead { get; private set; }

    public bool CanWrite { get; private set; }

    public long StreamId { get; private set; }

    public long Error
    {
        get
        {
            lock (_gate)
                return _error ?? -1;
        }
        set
        {
            QuicErrorCode.Validate(value);
            lock (_gate)
                _error = value;
        }
    }

    // Survives pooling on purpose: Kestrel keeps its per-stream objects here for reuse.
    IDictionary<object, object?> IPersistentStateFeature.State => _persistentState ??= new ConnectionItems();

    public void AbortRead(long errorCode, ConnectionAbortedException abortReason)
    {
        QuicErrorCode.Validate(errorCode);
        if (!CanRead)
            throw new InvalidOperationException("Unable to abort reading from a stream that doesn't support reading.");
        TransportLog.StreamAbort(_connection.Transport.Logger, ConnectionId, errorCode, abortReason.Message);
        if (_handle is { } handle)
            _connection.Transport.Api.StreamShutdown(handle, QuicKestrel.Protocol.Api.QuicStreamShutdownFlags.AbortReceive, (ulong)errorCode);
        CompleteInput(abortReason);
    }

    public void AbortWrite(long errorCode, ConnectionAbortedException abortReason)
    {
        QuicErrorCode.Validate(errorCode);
        if (!CanWrite)
            throw new InvalidOperationException("Unable to abort writing to a stream that doesn't support writing.");
        TransportLog.StreamAbort(_connection.Transport.Logger, ConnectionId, errorCode, abortReason.Message);
        lock (_gate)
            _sendAbortReason ??= abortReason;
        if (_handle is { } handle)
            _connection.Transport.Api.StreamShutdown(handle, QuicKestrel.Protocol.Api.QuicStreamShutdownFlags.AbortSend, (ulong)errorCode);
        _output.Reader.CancelPendingRead();
    }

    void IStreamClosedFeature.OnClosed(Action<object?> callback, object? state)
    {
        lock (_gate)
        {
            if (!_streamClosedFired)
            {
                (_onClosed ??= []).Add((callback, state));
                return;
            }
        }
        callback(state);
    }

    private void ResetClosedState()
    {
        _onClosed = null;
        if (_streamClosedFired)
        {
            // The previous stream's token was handed to a queued work item: never reuse it.
            _closedTokenSource = new CancellationTokenSource();
            ConnectionClosed = _closedTokenSource.Token;
        }
        _streamClosedFired = false;
    }

    private void FireStreamClosed(TaskCompletionSource? shutdownComplete = null)
    {
        ClosedNotification notification;
        lock (_gate)
        {
            if (_streamClosedFired)
            {
                if (shutdownComplete is not null)
                    ThreadPool.UnsafeQueueUserWorkItem(static tcs => tcs.TrySetResult(), shutdownComplete, preferLocal: false);
                return;
            }
            _streamClosedFired = true;
            // Taken now: a pooled context may be reset for the next stream before the work item runs.
            notification = new ClosedNotification(_closedTokenSource, _onClosed, _connection.Transport.Logger, shutdownComplete);
            _onClosed = null;
        }
        // Kestrel reacts (RequestAborted, stream bookkeeping) on the thread pool, not on the QUIC worker.
        ThreadPool.UnsafeQueueUserWorkItem(notification, preferLocal: false);
    }

    private sealed class ClosedNotification(
        CancellationTokenSource tokenSource,
        List<(Action<object?> Callback, object? State)>? callbacks,
        Microsoft.Extensions.Logging.ILogger logger,
        TaskCompletionSource? shutdownComplete) : IThreadPoolWorkItem
    {
        public void Execute()
        {
            tokenSource.Cancel();
            if (callbacks is not null)
            {
                foreach ((Action<object?> callback, object? state) in callbacks)
                {
                    try
                    {
                        callback(state);
                    }
                    catch (Exception ex)
                    {
                        TransportLog.UnexpectedError(logger, "stream closed callback", ex);
                    }
                }
            }
            // Last: DisposeAsync continues here, after Kestrel heard that the stream closed.
            shutdownComplete?.TrySetResult();
        }
    }
}
