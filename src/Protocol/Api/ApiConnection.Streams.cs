using QuicKestrel.Protocol.Streams;

namespace QuicKestrel.Protocol.Api;

/// <summary>Why a connection ended, as its streams' SHUTDOWN_COMPLETE reports it.</summary>
internal readonly record struct ConnectionShutdownInfo(bool ByApp, bool Remotely, ulong ErrorCode, QuicStatus Status);

// The connection's streams: those starting (waiting for the client's engine or the peer's limit),
// those started (until their SHUTDOWN_COMPLETE), and the peer's new ones (PEER_STREAM_STARTED).
internal sealed partial class ApiConnection
{
    private const ulong DefaultIdealSendBufferSize = 0x20000;
    private const ulong MaxIdealSendBufferSize = 0x8000000;

    private readonly List<ApiStream> _starting = new();
    private ConnectionShutdownInfo _shutdownInfo;
    private ulong _idealSendBufferSize = DefaultIdealSendBufferSize;

    internal SendRequestPool SendRequests { get; } = new();

    internal ConnectionShutdownInfo ShutdownInfo => _shutdownInfo;

    /// <summary>The connection is shutting down or gone: new streams cannot start.</summary>
    internal bool IsShuttingDown => _shutdownInitiated || _shutdownComplete;

    /// <summary>The peer closed the connection (StreamSend answers ABORTED).</summary>
    internal bool ClosedByPeer => Volatile.Read(ref _closedByPeer);

    private bool _closedByPeer;

    /// <summary>MsQuic's ideal amount of queued send data: grows 1.5× at a time from 128 KiB with the congestion window.</summary>
    internal ulong IdealSendBufferSize => _idealSendBufferSize;

    /// <summary>StreamOpen's synchronous part: allocation only.</summary>
    public QuicStatus OpenStream(QuicStreamOpenFlags flags, QuicStreamCallback handler, object? context, out ApiStream? stream)
    {
        stream = null;
        if (flags.HasFlag(QuicStreamOpenFlags.AppOwnedBuffers))
            return QuicStatus.NotSupported;
        lock (_apiGate)
        {
            if (_closeCalled)
                return QuicStatus.InvalidState;
        }
        if (_shutdownInitiated)
            return QuicStatus.Aborted; // MsQuic: the connection is closed locally or remotely
        stream = new ApiStream(this, flags, handler, context);
        return QuicStatus.Success;
    }

    internal void AddStartingStream(ApiStream stream) => _starting.Add(stream);

    internal void OnStreamStarted(ApiStream stream)
    {
        _starting.Remove(stream);
        _streams.Add(stream);
    }

    internal void ForgetStream(ApiStream stream)
    {
        _starting.Remove(stream);
        _streams.Remove(stream);
    }

    /// <summary>ConnectionStart: the streams started before the engine existed get their IDs, in order, before the handshake begins.</summary>
    private void ReplayStreams(long now)
    {
        foreach (ApiStream stream in _starting.ToArray())
            stream.StartOnEngine(now);
    }

    /// <summary>Every stream ends with the connection: started ones get SHUTDOWN_COMPLETE, starting ones a failed START_COMPLETE.</summary>
    private void ShutdownStreams(bool byApp, bool remotely, ulong errorCode, QuicStatus status)
    {
        if (!_shutdownInfoSet)
        {
            _shutdownInfoSet = true;
            _shutdownInfo = new ConnectionShutdownInfo(byApp, remotely, errorCode, status);
            Volatile.Write(ref _closedByPeer, remotely);
        }
        foreach (ApiStream stream in _starting.ToArray())
            stream.OnConnectionShutdown();
        foreach (ApiStream stream in _streams.ToArray())
            stream.OnConnectionShutdown();
    }

    private bool _shutdownInfoSet;

    /// <summary>PEER_STREAM_STARTED: accepted when the application sets a handler and returns success; otherwise aborted and forgotten.</summary>
    private void OnPeerStreamStarted(QuicStream engineStream, bool zeroRtt, long now)
    {
        QuicStreamOpenFlags flags = (engineStream.IsBidirectional ? QuicStreamOpenFlags.None : QuicStreamOpenFlags.Unidirectional)
            | (zeroRtt ? QuicStreamOpenFlags.ZeroRtt : QuicStreamOpenFlags.None);
        var stream = new ApiStream(this, flags, handler: null, context: null, engineStream);
        _streams.Add(stream);
        _event.Type = QuicConnectionEventType.PeerStreamStarted;
        _event.PeerStreamStarted = new() { Stream = stream.Handle, Flags = flags };
        QuicStatus status = Indicate();
        if (status.Failed() || stream.Handle.Handler is null)
        {
            _streams.Remove(stream);
            stream.Refuse();
            Engine?.ReleaseStream(engineStream, 0, now);
            return;
        }
        stream.AcceptPeerFlags(_event.PeerStreamStarted.Flags | flags);
        stream.UpdateIdealSendBuffer();
    }

    /// <summary>Raises the ideal send buffer size as the congestion window grows, and tells every stream that sends.</summary>
    private void UpdateIdealSendBuffer()
    {
        if (Engine is not { } engine || _idealSendBufferSize >= MaxIdealSendBufferSize)
            return;
        ulong next = NextIdealBytes((ulong)Math.Max(0, engine.Recovery.Congestion.CongestionWindow));
        if (next <= _idealSendBufferSize)
            return;
        _idealSendBufferSize = next;
        foreach (ApiStream stream in _streams)
            stream.UpdateIdealSendBuffer();
    }

    /// <summary>MsQuic's QuicGetNextIdealBytes: the first threshold above <paramref name="value"/>, growing 1.5× from 128 KiB.</summary>
    internal static ulong NextIdealBytes(ulong value)
    {
        ulong threshold = DefaultIdealSendBufferSize;
        while (threshold <= value)
        {
            ulong next = threshold + threshold / 2;
            if (next > MaxIdealSendBufferSize)
                return MaxIdealSendBufferSize;
            threshold = next;
        }
        return threshold;
    }
}
