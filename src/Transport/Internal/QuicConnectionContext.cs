using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;
using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Transport.Internal;

/// <summary>
/// One server-side QUIC connection as Kestrel sees it. Peer-started streams arrive from the
/// connection's worker (PEER_STREAM_STARTED) into a queue that <see cref="AcceptAsync"/> drains;
/// outbound streams are opened with <see cref="ConnectAsync"/>. The connection handle is closed
/// only after SHUTDOWN_COMPLETE, in <see cref="DisposeAsync"/>.
/// </summary>
internal sealed partial class QuicConnectionContext : MultiplexedConnectionContext
{
    private const int MaxPooledStreams = 100;

    private readonly QuicTransportContext _context;
    private readonly QuicHandle _handle;
    private readonly Channel<QuicStreamContext> _inboundStreams =
        Channel.CreateUnbounded<QuicStreamContext>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource _closedTokenSource = new();
    private readonly TaskCompletionSource<bool> _handshake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _shutdownComplete = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Stack<QuicStreamContext> _streamPool = new();
    private readonly Lock _gate = new();
    private ConnectionAbortedException? _abortReason;
    private int _closedFired;
    private bool _disposed;

    public QuicConnectionContext(QuicTransportContext context, QuicHandle handle, IPEndPoint localEndPoint, IPEndPoint remoteEndPoint, string? serverName)
    {
        _context = context;
        _handle = handle;
        LocalEndPoint = localEndPoint;
        RemoteEndPoint = remoteEndPoint;
        HostName = serverName ?? string.Empty;
        ConnectionId = ConnectionIds.Next();
        ConnectionClosed = _closedTokenSource.Token;
        Features = CreateFeatures();
    }

    public override string ConnectionId { get; set; }

    public override IFeatureCollection Features { get; }

    public override IDictionary<object, object?> Items { get; set; } = new ConnectionItems();

    public override CancellationToken ConnectionClosed { get; set; }

    internal QuicTransportContext Transport => _context;

    internal QuicHandle Handle => _handle;

    /// <summary>Completes with true once the handshake is done, false when the connection ended before.</summary>
    internal Task<bool> HandshakeCompleted => _handshake.Task;

    /// <summary>The last event of the connection, SHUTDOWN_COMPLETE, has been delivered.</summary>
    internal Task ShutdownCompleted => _shutdownComplete.Task;

    /// <summary>Why the handshake or the connection ended, for logs.</summary>
    internal string CloseReason { get; private set; } = "open";

    /// <summary>Set by the listener before the handshake continues: how to judge a client certificate.</summary>
    internal ClientCertificatePolicy? ClientCertificatePolicy { get; set; }

    public override async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        ChannelReader<QuicStreamContext> reader = _inboundStreams.Reader;
        try
        {
            while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (reader.TryRead(out QuicStreamContext? stream))
                {
                    stream.Start();
                    return stream;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Kestrel cancels the accept on graceful shutdown and calls again: not a fault.
        }
        ThrowIfAborted();
        return null;
    }

    public override async ValueTask<ConnectionContext> ConnectAsync(IFeatureCollection? features = null, CancellationToken cancellationToken = default)
    {
        bool unidirectional = features?.Get<IStreamDirectionFeature>() is { CanRead: false };
        var stream = new QuicStreamContext(this);
        QuicStatus status = _context.Api.StreamOpen(
            _handle,
            unidirectional ? QuicStreamOpenFlags.Unidirectional : QuicStreamOpenFlags.None,
            QuicStreamContext.Callback,
            stream,
            out QuicHandle? streamHandle);
        if (status.Failed() || streamHandle is null)
        {
            ThrowIfAborted();
            throw new ConnectionAbortedException($"Could not open a QUIC stream: StreamOpen failed with {status}.");
        }
        stream.InitializeOutbound(streamHandle, unidirectional);
        return await stream.StartOutboundAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Abort(ConnectionAbortedException abortReason)
    {
        long errorCode;
        lock (_gate)
        {
            if (_abortReason is not null || _disposed)
                return;
            _abortReason = abortReason;
            errorCode = _error ?? _context.Options.DefaultCloseErrorCode;
        }
        TransportLog.ConnectionAbort(_context.Logger, ConnectionId, errorCode, abortReason.Message);
        _context.Api.ConnectionShutdown(_handle, QuicConnectionShutdownFlags.None, (ulong)errorCode);
    }

    public override void Abort() =>
        Abort(new ConnectionAbortedException("The connection was aborted by the application via MultiplexedConnectionContext.Abort()."));

    public override async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_disposed)
                return;
            _disposed = true;
        }
        // Does nothing when the connection is already closing (an abort, the peer, the stack).
        _context.Api.ConnectionShutdown(_handle, QuicConnectionShutdownFlags.None, (ulong)_context.Options.DefaultCloseErrorCode);
        await _shutdownComplete.Task.ConfigureAwait(false);
        DrainUnacceptedStreams();
        _context.Api.ConnectionClose(_handle);
        _context.Stack.Release();
    }

    /// <summary>Takes a pooled stream context for a new peer stream, or none.</summary>
    internal QuicStreamContext? RentPooledStream()
    {
        lock (_gate)
            return _streamPool.TryPop(out QuicStreamContext? stream) ? stream : null;
    }

    /// <summary>Keeps a cleanly finished bidirectional stream context for the next peer stream.</summary>
    internal bool TryReturnStream(QuicStreamContext stream)
    {
        lock (_gate)
        {
            if (_disposed || _streamPool.Count >= Math.Min(MaxPooledStreams, _context.Options.MaxBidirectionalStreamCount))
                return false;
            _streamPool.Push(stream);
            return true;
        }
    }

    private void ThrowIfAborted()
    {
        ConnectionAbortedException? reason;
        lock (_gate)
            reason = _abortReason;
        if (reason is not null)
            throw reason;
    }

    private void DrainUnacceptedStreams()
    {
        while (_inboundStreams.Reader.TryRead(out QuicStreamContext? stream))
            stream.CloseUnaccepted();
    }

    private void FireConnectionClosed()
    {
        if (Interlocked.Exchange(ref _closedFired, 1) != 0)
            return;
        // Never run Kestrel's callbacks on the QUIC worker.
        ThreadPool.UnsafeQueueUserWorkItem(static source => source.Cancel(), _closedTokenSource, preferLocal: false);
    }
}
