using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;
using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Transport.Internal;

/// <summary>
/// One QUIC stream as a Kestrel <see cref="ConnectionContext"/>: an input pipe filled by the
/// stream's RECEIVE events and an output pipe drained by a send loop into StreamSend. Contexts
/// of cleanly finished request streams are pooled per connection (Kestrel calls
/// <see cref="Dispose"/> after <see cref="DisposeAsync"/>), keeping their pipes and their
/// <see cref="Microsoft.AspNetCore.Connections.Features.IPersistentStateFeature"/> state.
/// </summary>
internal sealed partial class QuicStreamContext : ConnectionContext, IDisposable
{
    private readonly QuicConnectionContext _connection;
    private readonly Pipe _input;
    private readonly Pipe _output;
    private readonly Lock _gate = new();
    private readonly StreamFeatureCollection _features;
    private QuicHandle? _handle;
    private CancellationTokenSource _closedTokenSource = new();
    // Completed only on the thread pool (see FireStreamClosed), so its continuation may run inline.
    private TaskCompletionSource _shutdownComplete = new();
    private TaskCompletionSource<QuicStatus>? _startComplete;
    private Task _sendTask = Task.CompletedTask;
    private string? _connectionId;
    private bool _inbound;
    private bool _serverAborted;
    private bool _peerAborted;
    private bool _disposed;

    public QuicStreamContext(QuicConnectionContext connection)
    {
        _connection = connection;
        QuicTransportOptions options = connection.Transport.Options;
        var pool = connection.Transport.Stack.MemoryPool;
        long readLimit = options.MaxReadBufferSize ?? 0;
        long writeLimit = options.MaxWriteBufferSize ?? 0;
        // Kestrel's code resumes on the thread pool, never on the QUIC worker that fills the input.
        _input = new Pipe(new PipeOptions(pool, PipeScheduler.ThreadPool, PipeScheduler.Inline, readLimit, readLimit / 2, useSynchronizationContext: false));
        _output = new Pipe(new PipeOptions(pool, PipeScheduler.Inline, PipeScheduler.ThreadPool, writeLimit, writeLimit / 2, useSynchronizationContext: false));
        Transport = new DuplexPipe(_input.Reader, _output.Writer);
        _features = new StreamFeatureCollection(this, connection.Features);
        LocalEndPoint = connection.LocalEndPoint;
        RemoteEndPoint = connection.RemoteEndPoint;
        ConnectionClosed = _closedTokenSource.Token;
    }

    public override string ConnectionId
    {
        get => _connectionId ??= $"{_connection.ConnectionId}:{StreamId:X8}";
        set => _connectionId = value;
    }

    public override IFeatureCollection Features => _features;

    public override IDictionary<object, object?> Items { get; set; } = new ConnectionItems();

    public override IDuplexPipe Transport { get; set; }

    public override CancellationToken ConnectionClosed { get; set; }

    /// <summary>True when the stream finished cleanly both ways and can serve another peer stream.</summary>
    internal bool CanReuse { get; private set; }

    /// <summary>Sets up a peer-started stream (called on the connection's worker in PEER_STREAM_STARTED).</summary>
    internal void InitializeInbound(QuicHandle handle, bool unidirectional, long streamId)
    {
        Reset(handle, canRead: true, canWrite: !unidirectional);
        _inbound = true;
        StreamId = streamId;
    }

    /// <summary>Sets up a stream opened with StreamOpen, before StreamStart.</summary>
    internal void InitializeOutbound(QuicHandle handle, bool unidirectional)
    {
        Reset(handle, canRead: !unidirectional, canWrite: true);
        _inbound = false;
        _startComplete = new TaskCompletionSource<QuicStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (unidirectional)
            CompleteInput(null); // nothing will ever arrive
    }

    /// <summary>Starts an outbound stream and waits for START_COMPLETE.</summary>
    internal async ValueTask<ConnectionContext> StartOutboundAsync(CancellationToken cancellationToken)
    {
        QuicApiTable api = _connection.Transport.Api;
        QuicStatus status = api.StreamStart(_handle, QuicStreamStartFlags.Immediate);
        if (status.Failed())
        {
            api.StreamClose(_handle);
            throw new ConnectionAbortedException($"Could not start a QUIC stream: StreamStart failed with {status}.");
        }
        try
        {
            status = await _startComplete!.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            api.StreamShutdown(_handle, QuicStreamShutdownFlags.Abort | QuicStreamShutdownFlags.Immediate, (ulong)_connection.Transport.Options.DefaultStreamErrorCode);
            _ = CloseAfterStartAsync();
            throw;
        }
        if (status.Failed())
        {
            api.StreamClose(_handle);
            throw new ConnectionAbortedException($"Could not start a QUIC stream: {status}.");
        }
        Start();
        return this;
    }

    /// <summary>Starts the send loop; Kestrel owns the stream from here.</summary>
    internal void Start()
    {
        if (CanWrite)
            _sendTask = SendLoopAsync();
    }

    public override void Abort(ConnectionAbortedException abortReason)
    {
        long errorCode;
        lock (_gate)
        {
            if (_serverAborted || _handle is null)
                return;
            _serverAborted = true;
            errorCode = _error ?? _connection.Transport.Options.DefaultStreamErrorCode;
            _sendAbortReason ??= abortReason;
        }
        TransportLog.StreamAbort(_connection.Transport.Logger, ConnectionId, errorCode, abortReason.Message);
        QuicStreamShutdownFlags flags = (CanRead ? QuicStreamShutdownFlags.AbortReceive : 0) | (CanWrite ? QuicStreamShutdownFlags.AbortSend : 0);
        _connection.Transport.Api.StreamShutdown(_handle, flags, (ulong)errorCode);
        CompleteInput(abortReason);
        _output.Reader.CancelPendingRead();
    }

    public override async ValueTask DisposeAsync()
    {
        QuicHandle? handle;
        lock (_gate)
        {
            if (_disposed || _handle is null)
                return;
            _disposed = true;
            handle = _handle;
        }
        _input.Reader.Complete();
        _output.Writer.Complete();
        // The loop may end on the QUIC worker (inside SEND_COMPLETE); this method then continues
        // there only until the wait below, which always resumes on the thread pool.
        await _sendTask.ConfigureAwait(false);
        ShutdownUnfinishedDirections(handle);
        await _shutdownComplete.Task.ConfigureAwait(false);
        CanReuse = _inbound && CanRead && CanWrite && !_serverAborted && !_peerAborted && _receivedFin && _sentFin;
        lock (_gate)
            _handle = null;
        // With DELAY_ID_FC_UPDATES this is what returns the MAX_STREAMS credit to the client.
        _connection.Transport.Api.StreamClose(handle);
    }

    /// <summary>
    /// Kestrel's pooling hook, called after <see cref="DisposeAsync"/>. The token source is not
    /// disposed: it has no timer, and a queued closed notification may still cancel it.
    /// </summary>
    public void Dispose()
    {
        if (!CanReuse)
            return;
        CanReuse = false; // a second Dispose must not pool the context twice
        _connection.TryReturnStream(this);
    }

    /// <summary>A peer stream queued but never accepted, on a connection that has shut down.</summary>
    internal void CloseUnaccepted()
    {
        CompleteInput(new ConnectionAbortedException("The connection closed before the stream was accepted."));
        _input.Reader.Complete();
        _output.Writer.Complete();
        _output.Reader.Complete();
        QuicHandle? handle = _handle;
        _handle = null;
        _connection.Transport.Api.StreamClose(handle);
    }

    /// <summary>A peer stream refused in PEER_STREAM_STARTED: the stack closes the handle.</summary>
    internal void Detach() => _handle = null;

    private void Reset(QuicHandle handle, bool canRead, bool canWrite)
    {
        if (_handle is not null || _disposed)
        {
            // A pooled context: both pipes were completed at both ends by the previous stream.
            _input.Reset();
            _output.Reset();
        }
        _handle = handle;
        CanRead = canRead;
        CanWrite = canWrite;
        _error = null;
        _connectionId = null;
        _serverAborted = _peerAborted = _disposed = false;
        ResetReceiveState();
        ResetSendState();
        ResetClosedState();
        _features.Reset();
        Items = new ConnectionItems();
        if (_shutdownComplete.Task.IsCompleted)
            _shutdownComplete = new TaskCompletionSource();
        _sendTask = Task.CompletedTask;
        CanReuse = false;
    }

    private void ShutdownUnfinishedDirections(QuicHandle handle)
    {
        QuicStreamShutdownFlags flags = 0;
        lock (_gate)
        {
            // Kestrel is done with the stream: stop a receive side the client has not finished,
            // and abort a send side that did not end with a FIN, so SHUTDOWN_COMPLETE can come.
            if (CanRead && !_receivedFin)
                flags |= QuicStreamShutdownFlags.AbortReceive; // does nothing after a peer reset
            if (CanWrite && !_sentFin)
                flags |= QuicStreamShutdownFlags.AbortSend;
        }
        CompleteInput(null);
        if (flags != 0)
            _connection.Transport.Api.StreamShutdown(handle, flags, (ulong)(_error ?? _connection.Transport.Options.DefaultStreamErrorCode));
    }

    private async Task CloseAfterStartAsync()
    {
        await _startComplete!.Task.ConfigureAwait(false);
        if (_startComplete.Task.Result.Succeeded())
            await _shutdownComplete.Task.ConfigureAwait(false);
        _connection.Transport.Api.StreamClose(_handle);
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
