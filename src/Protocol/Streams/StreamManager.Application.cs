namespace QuicKestrel.Protocol.Streams;

// Commands from the application (through the API layer) and the event queue it drains.
internal sealed partial class StreamManager
{
    /// <summary>Streams of this kind we may still open under the peer's limit.</summary>
    public long AvailableLocalStreams(bool bidirectional) => LocalLimit(bidirectional).Available;

    /// <summary>
    /// Opens our next stream of the given kind and assigns its ID (MsQuic's StreamStart). At
    /// the peer's limit this returns false and a STREAMS_BLOCKED becomes due; retry after a
    /// <see cref="StreamEventKind.StreamsAvailable"/> event.
    /// </summary>
    public bool TryOpenLocalStream(bool bidirectional, out QuicStream stream)
    {
        if (!LocalLimit(bidirectional).TryAllocate(out long id))
        {
            stream = null!;
            return false;
        }
        stream = CreateStream(id);
        return true;
    }

    /// <summary>
    /// Copies data into the stream's send buffer (the application's buffer is free again at
    /// once) and returns how many bytes were taken: fewer than offered when the buffer limit is
    /// reached (then a <see cref="StreamEventKind.SendBufferAvailable"/> follows). The FIN is
    /// queued only if all of <paramref name="data"/> was taken. 0 if the stream cannot send.
    /// </summary>
    public int Write(QuicStream stream, ReadOnlySpan<byte> data, bool fin)
    {
        if (stream.IsClosed || stream.Send is not { } send)
            return 0;
        int taken = send.Write(data, fin);
        UpdateQueues(stream);
        return taken;
    }

    /// <summary>
    /// Call before handing the readable segments to the application: they stay valid until
    /// <see cref="Consume"/> even if the stream is reset, aborted or closed in between.
    /// </summary>
    public void BeginDelivery(QuicStream stream) => stream.Receive?.BeginDelivery();

    /// <summary>
    /// The application consumed <paramref name="bytes"/> of the readable data (0 acknowledges a
    /// FIN with no data left) — inline or through StreamReceiveComplete; this also ends a
    /// delivery. Frees buffers and returns credit; may schedule MAX_STREAM_DATA / MAX_DATA and
    /// grow the windows (auto-tuning needs the current time and smoothed RTT). Bytes of a stream
    /// reset or aborted meanwhile are ignored (their credit was already returned).
    /// </summary>
    public void Consume(QuicStream stream, long bytes, long nowMicros, long smoothedRttMicros)
    {
        if (stream.Receive is not { } receive)
            return;
        _lastNowMicros = nowMicros;
        long consumed = receive.Consume(bytes, nowMicros, smoothedRttMicros);
        if (stream.IsClosed)
            return;
        _connectionReceive.OnConsumed(consumed, nowMicros, smoothedRttMicros);
        // Keep the connection window ahead of any one stream's (as quiche does).
        _connectionReceive.EnsureWindow(receive.Window + receive.Window / 2);
        Refresh(stream);
    }

    /// <summary>Abandons sending (RESET_STREAM with <paramref name="errorCode"/>). False if already finished or reset.</summary>
    public bool AbortSend(QuicStream stream, ulong errorCode)
    {
        if (stream.IsClosed || stream.Send is not { } send || !send.Reset(errorCode))
            return false;
        Refresh(stream);
        return true;
    }

    /// <summary>Stops reading: buffered and future data is dropped, STOP_SENDING goes out if still useful.</summary>
    public void AbortReceive(QuicStream stream, ulong errorCode)
    {
        if (stream.IsClosed || stream.Receive is not { } receive)
            return;
        ReleaseConnectionCredit(receive.Abort(errorCode));
        Refresh(stream);
    }

    /// <summary>Sets the stream's send priority (0..0xFFFF, higher first; MsQuic default 0x7FFF).</summary>
    public void SetPriority(QuicStream stream, ushort priority)
    {
        if (stream.Priority == priority)
            return;
        bool queued = stream.InSendQueue;
        _sendQueue.Remove(stream);
        stream.Priority = priority;
        if (queued)
            _sendQueue.Enqueue(stream);
    }

    /// <summary>Changes how many peer streams of a kind may be open at once (SetParam of the peer stream count).</summary>
    public void SetPeerStreamCount(bool bidirectional, long count) => PeerLimit(bidirectional).SetWindow(count);

    /// <summary>
    /// The application is done with the stream (MsQuic's StreamClose). Any direction still open
    /// is aborted with <paramref name="abortErrorCode"/>. For a peer stream opened with
    /// <see cref="QuicStream.DelayIdCreditRelease"/>, this is when its MAX_STREAMS credit is
    /// returned (if it is already closed; otherwise as soon as it closes).
    /// </summary>
    public void ReleaseStream(QuicStream stream, ulong abortErrorCode = 0)
    {
        stream.IsReleased = true;
        if (!stream.IsClosed)
        {
            if (stream.Send is { } send && send.Reset(abortErrorCode))
                UpdateQueues(stream);
            if (stream.Receive is { } receive)
                ReleaseConnectionCredit(receive.Abort(abortErrorCode));
            Refresh(stream);
            return;
        }
        if (!stream.IsLocal)
            ReturnPeerCredit(stream);
    }

    /// <summary>
    /// The next event for the API layer. Polling a <see cref="StreamEventKind.PeerSendAborted"/>
    /// counts as telling the application (Reset Read), which may finish the stream.
    /// </summary>
    public bool TryPollEvent(out StreamEvent streamEvent)
    {
        if (!_events.TryDequeue(out streamEvent))
            return false;
        QuicStream? stream = streamEvent.Stream;
        if (stream is null)
            return true;
        if (streamEvent.Kind == StreamEventKind.DataAvailable)
            stream.DataEventQueued = false;
        else if (streamEvent.Kind == StreamEventKind.PeerSendAborted && !stream.IsClosed)
        {
            stream.Receive!.OnResetDelivered();
            Refresh(stream);
        }
        return true;
    }

    /// <summary>
    /// 0-RTT was rejected (RFC 9001 §4.6.2): the server processed none of it. Every stream's
    /// sent data becomes unsent and credit is recounted from zero under the server's new
    /// transport parameters (which replace the remembered ones, even if lower).
    /// </summary>
    public void OnZeroRttRejected(in StreamTransportParameters peer)
    {
        _peerParameters = peer;
        _connectionSend.ResetUsage(peer.InitialMaxData);
        _localBidi.ReplaceLimit(peer.InitialMaxStreamsBidi);
        _localUni.ReplaceLimit(peer.InitialMaxStreamsUni);
        foreach (QuicStream stream in _streams.Values)
        {
            stream.Send?.RewindForZeroRttRejection(InitialSendCredit(stream.Id));
            UpdateQueues(stream);
        }
    }
}
