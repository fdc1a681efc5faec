using QuicKestrel.Protocol.Streams;

namespace QuicKestrel.Protocol.Connection;

/// <summary>The outcome of <see cref="QuicConnection.StartStream"/>.</summary>
internal enum StreamStartResult : byte
{
    /// <summary>The stream has its ID and can be written.</summary>
    Started,

    /// <summary>Waiting for the peer's stream limit; <see cref="ConnectionEventKind.StreamStartComplete"/> follows.</summary>
    Pending,

    /// <summary>At the peer's limit and the caller asked not to wait (MsQuic START_FLAG_FAIL_BLOCKED → STREAM_LIMIT_REACHED).</summary>
    LimitReached,

    /// <summary>The connection is closing or closed.</summary>
    InvalidState,
}

/// <summary>How to shut a stream down (MsQuic StreamShutdown flags).</summary>
[Flags]
internal enum StreamShutdownKind : byte
{
    /// <summary>Send the FIN after the data written so far.</summary>
    Graceful = 1,

    /// <summary>RESET_STREAM: stop sending now.</summary>
    AbortSend = 2,

    /// <summary>STOP_SENDING: stop reading now.</summary>
    AbortReceive = 4,
}

// Application commands (what the MsQuic API layer calls). Each takes the current time and leaves
// its effects to the next PollTransmit; events it causes are queued at once.
internal sealed partial class QuicConnection
{
    private readonly Queue<object?> _waitingBidiStarts = new();
    private readonly Queue<object?> _waitingUniStarts = new();
    private readonly HashSet<long> _receiveDisabled = [];

    /// <summary>
    /// Assigns a stream ID (MsQuic StreamStart). Before the peer's limits are known (or at them),
    /// the start waits, in order, unless <paramref name="failIfBlocked"/>; STREAMS_BLOCKED is sent.
    /// Streams started before the handshake carry their data in 0-RTT when keys allow.
    /// </summary>
    public StreamStartResult StartStream(bool bidirectional, bool failIfBlocked, object? context, out QuicStream? stream)
    {
        stream = null;
        if (_state is ConnectionState.Closing or ConnectionState.Draining or ConnectionState.Closed)
            return StreamStartResult.InvalidState;
        Queue<object?> waiting = bidirectional ? _waitingBidiStarts : _waitingUniStarts;
        if (waiting.Count == 0 && _streams.TryOpenLocalStream(bidirectional, out QuicStream opened))
        {
            opened.Owner = context;
            stream = opened;
            return StreamStartResult.Started;
        }
        if (failIfBlocked)
            return StreamStartResult.LimitReached;
        waiting.Enqueue(context);
        return StreamStartResult.Pending;
    }

    /// <summary>Copies data into the stream's send buffer (MsQuic StreamSend with buffering); returns the bytes taken.</summary>
    public int Write(QuicStream stream, ReadOnlySpan<byte> data, bool fin, long now)
    {
        int taken = _streams.Write(stream, data, fin);
        AfterApplicationCommand(now);
        return taken;
    }

    /// <summary>MsQuic StreamShutdown: graceful FIN, RESET_STREAM and/or STOP_SENDING with <paramref name="errorCode"/>.</summary>
    public void ShutdownStream(QuicStream stream, StreamShutdownKind kind, ulong errorCode, long now)
    {
        if ((kind & StreamShutdownKind.AbortSend) != 0)
            _streams.AbortSend(stream, errorCode);
        else if ((kind & StreamShutdownKind.Graceful) != 0)
            _streams.Write(stream, default, fin: true);
        if ((kind & StreamShutdownKind.AbortReceive) != 0)
            _streams.AbortReceive(stream, errorCode);
        AfterApplicationCommand(now);
    }

    /// <summary>
    /// Hands out the stream's readable data as segments over its receive buffer (MsQuic RECEIVE).
    /// They stay valid until <see cref="CompleteRead"/>, even if the stream is reset meanwhile.
    /// </summary>
    public int BeginRead(QuicStream stream, Span<ReadOnlyMemory<byte>> segments)
    {
        if (stream.Receive is not { } receive)
            return 0;
        _streams.BeginDelivery(stream);
        return receive.GetReadableSegments(segments);
    }

    /// <summary>The application consumed <paramref name="bytes"/> (all, part or none; MsQuic StreamReceiveComplete).</summary>
    public void CompleteRead(QuicStream stream, long bytes, long now)
    {
        _streams.Consume(stream, bytes, now, _recovery.Rtt.SmoothedRtt);
        _stats.StreamBytesReceived += bytes;
        AfterApplicationCommand(now);
    }

    /// <summary>
    /// MsQuic StreamReceiveSetEnabled: while disabled, no <see cref="ConnectionEventKind.StreamDataAvailable"/>
    /// is raised for the stream (data keeps arriving within its flow-control window); enabling it
    /// again raises one at once if data or the FIN is waiting.
    /// </summary>
    public void SetReceiveEnabled(QuicStream stream, bool enabled, long now)
    {
        if (!enabled)
        {
            _receiveDisabled.Add(stream.Id);
            return;
        }
        if (_receiveDisabled.Remove(stream.Id) && stream.Receive is { } receive && (receive.ReadableLength > 0 || receive.IsFinReadable))
            Emit(new ConnectionEvent(ConnectionEventKind.StreamDataAvailable, Stream: stream));
        AfterApplicationCommand(now);
    }

    /// <summary>MsQuic QUIC_PARAM_STREAM_PRIORITY: higher is sent first (default 0x7FFF).</summary>
    public void SetStreamPriority(QuicStream stream, ushort priority) => _streams.SetPriority(stream, priority);

    /// <summary>MsQuic StreamClose: the application is done with the stream (open directions are aborted with <paramref name="errorCode"/>).</summary>
    public void ReleaseStream(QuicStream stream, ulong errorCode, long now)
    {
        _streams.ReleaseStream(stream, errorCode);
        AfterApplicationCommand(now);
    }

    /// <summary>Changes how many streams of a kind the peer may have open (MsQuic PeerBidi/UnidiStreamCount).</summary>
    public void SetPeerStreamCount(bool bidirectional, long count, long now)
    {
        _streams.SetPeerStreamCount(bidirectional, count);
        AfterApplicationCommand(now);
    }

    /// <summary>Queues an unreliable datagram (MsQuic DatagramSend); its fate comes as DatagramSendStateChanged events.</summary>
    public DatagramEnqueueResult SendDatagram(ReadOnlySpan<byte> data, object? context, long now)
    {
        DatagramEnqueueResult result = _state is ConnectionState.Handshaking or ConnectionState.Established or ConnectionState.Created
            ? _datagrams.Enqueue(data, context)
            : DatagramEnqueueResult.NotEnabled;
        AfterApplicationCommand(now);
        return result;
    }

    /// <summary>Figures for the API layer's statistics parameters.</summary>
    public ConnectionStatisticsSnapshot GetStatistics()
    {
        Recovery.RecoveryStatistics recovery = _recovery.Statistics;
        return new ConnectionStatisticsSnapshot(
            _recovery.Rtt.SmoothedRtt, _recovery.Rtt.MinRtt, _recovery.Rtt.LatestRtt, _recovery.Rtt.RttVar,
            _recovery.Congestion.CongestionWindow, _recovery.Congestion.BytesInFlight,
            _stats.PacketsSent, _stats.BytesSent, _stats.PacketsReceived, _stats.BytesReceived,
            recovery.PacketsLost, recovery.BytesLost, recovery.CongestionEvents, recovery.PersistentCongestionEvents,
            recovery.PtoExpirations, _appKeys.KeyUpdateCount, _path.MaxDatagramSize);
    }

    /// <summary>Gives stream IDs to starts that waited, in order, as the peer's limits allow.</summary>
    private void StartWaitingStreams()
    {
        StartWaiting(_waitingBidiStarts, bidirectional: true);
        StartWaiting(_waitingUniStarts, bidirectional: false);
    }

    private void StartWaiting(Queue<object?> waiting, bool bidirectional)
    {
        while (waiting.Count > 0 && _state is ConnectionState.Created or ConnectionState.Handshaking or ConnectionState.Established
               && _streams.TryOpenLocalStream(bidirectional, out QuicStream stream))
        {
            stream.Owner = waiting.Dequeue();
            Emit(new ConnectionEvent(ConnectionEventKind.StreamStartComplete, Stream: stream, Context: stream.Owner));
        }
    }

    private void AfterApplicationCommand(long now)
    {
        _lastEventTime = now;
        DrainStreamEvents(zeroRtt: false);
    }
}
