using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Streams;

/// <summary>
/// The receiving part of one stream (RFC 9000 §3.2): reassembles STREAM data that arrives out of
/// order, duplicated or overlapping into pooled chunks, and hands the in-order prefix to the
/// application as memory over those chunks (the MsQuic receive model: the application consumes
/// all, part, or later). Bytes are never held beyond the limit we advertised, since anything past
/// it is a FLOW_CONTROL_ERROR; where copies overlap, the first one wins.
/// <para><see cref="ReadOffset"/> is also the point up to which this stream has returned
/// connection-level credit: data consumed by the application, or discarded after a reset or an
/// application abort, moves it forward.</para>
/// </summary>
internal sealed class ReceiveStream
{
    private readonly ChunkRing _buffer;
    private readonly RangeSet _received = new();
    private ReceiveFlowControl _flow;
    private long _readOffset;
    private long _contiguousEnd;
    private long _highestReceived;
    private long _finalSize = -1;
    private bool _abortedByApp;
    private bool _stopSendingPending;
    private bool _delivering;
    private bool _releaseDeferred;

    public ReceiveStream(ChunkRing buffer, long initialWindow, long maxWindow)
    {
        _buffer = buffer;
        _flow = new ReceiveFlowControl(initialWindow, maxWindow);
    }

    public ReceiveStreamState State { get; private set; }

    /// <summary>Bytes below this offset were consumed by the application (or discarded).</summary>
    public long ReadOffset => _readOffset;

    /// <summary>Offset just past the highest byte received (what the peer counts against credit).</summary>
    public long HighestReceived => _highestReceived;

    /// <summary>Final size once known (FIN or RESET_STREAM), otherwise -1.</summary>
    public long FinalSize => _finalSize;

    /// <summary>In-order bytes ready for the application.</summary>
    public long ReadableLength => IsDeliverable ? _contiguousEnd - _readOffset : 0;

    /// <summary>Every byte up to the final size has arrived: the FIN can go with the last readable byte.</summary>
    public bool IsFinReadable => State == ReceiveStreamState.DataRecvd;

    public bool IsTerminal => State is ReceiveStreamState.DataRead or ReceiveStreamState.ResetRead;

    public bool IsAbortedByApp => _abortedByApp;

    public ulong ResetErrorCode { get; private set; }

    public ulong StopSendingErrorCode { get; private set; }

    public bool StopSendingPending => _stopSendingPending && !IsTerminal && State is ReceiveStreamState.Recv or ReceiveStreamState.SizeKnown;

    /// <summary>A MAX_STREAM_DATA is due (only while the final size is unknown, §3.2).</summary>
    public bool MaxStreamDataPending => _flow.UpdatePending && State == ReceiveStreamState.Recv && !_abortedByApp;

    /// <summary>The limit we allow the peer to send up to on this stream.</summary>
    public long CreditLimit => _flow.Limit;

    public long Window => _flow.Window;

    public int BufferedChunks => _buffer.RentedChunks;

    /// <summary>Separate pieces of received data held (gaps + 1).</summary>
    public int FragmentCount => _received.Count;

    /// <summary>
    /// Most separate pieces tolerated: generous for real loss (one gap per lost packet of
    /// ~1200 bytes needs window/1200), but it stops a peer that sends tiny scattered pieces
    /// to make our bookkeeping far larger than the window.
    /// </summary>
    public int MaxFragments => (int)Math.Min(int.MaxValue, 64 + _flow.Window / 256);

    private bool IsDeliverable => !_abortedByApp && State is ReceiveStreamState.Recv or ReceiveStreamState.SizeKnown or ReceiveStreamState.DataRecvd;

    /// <summary>Checks a STREAM frame against final-size and flow-control rules (§4.5, §4.1) without changing state.</summary>
    public QuicError ValidateData(long offset, int length, bool fin)
    {
        long end = offset + length;
        if (offset < 0 || end > StreamId.MaxValue)
            return StreamErrors.FlowControl(StreamFrameTypes.Stream, "stream offset beyond 2^62-1");
        if (_finalSize >= 0)
        {
            if (end > _finalSize)
                return StreamErrors.FinalSize(StreamFrameTypes.Stream, "stream data beyond the final size");
            if (fin && end != _finalSize)
                return StreamErrors.FinalSize(StreamFrameTypes.Stream, "final size changed");
        }
        else if (fin && end < _highestReceived)
            return StreamErrors.FinalSize(StreamFrameTypes.Stream, "final size below data already received");
        if (!_flow.Allows(end))
            return StreamErrors.FlowControl(StreamFrameTypes.Stream, "stream data beyond MAX_STREAM_DATA");
        return QuicError.None;
    }

    /// <summary>Checks a RESET_STREAM's final size (§4.5) without changing state.</summary>
    public QuicError ValidateReset(long finalSize)
    {
        if (_finalSize >= 0 && finalSize != _finalSize)
            return StreamErrors.FinalSize(StreamFrameTypes.ResetStream, "reset with a different final size");
        if (finalSize < _highestReceived)
            return StreamErrors.FinalSize(StreamFrameTypes.ResetStream, "reset final size below data already received");
        if (!_flow.Allows(finalSize))
            return StreamErrors.FlowControl(StreamFrameTypes.ResetStream, "reset final size beyond MAX_STREAM_DATA");
        return QuicError.None;
    }

    /// <summary>How much the connection-level received count grows if data up to <paramref name="end"/> arrives.</summary>
    public long ReceivedDelta(long end) => Math.Max(0, end - _highestReceived);

    /// <summary>
    /// Applies a validated STREAM frame. Returns true when new data or the FIN became readable.
    /// <paramref name="released"/> is connection credit freed at once (data nobody will read).
    /// </summary>
    public bool ApplyData(long offset, ReadOnlySpan<byte> data, bool fin, out long released)
    {
        released = 0;
        long end = offset + data.Length;
        long delta = ReceivedDelta(end);
        _highestReceived += delta;
        _flow.OnReceived(delta);
        bool finLearned = fin && _finalSize < 0;
        if (finLearned)
            LearnFinalSize(end);
        if (!IsDeliverable)
            return DiscardReceived(out released, finLearned);
        StoreGaps(offset, data);
        long previousEnd = _contiguousEnd;
        _contiguousEnd = _received.ContiguousEndFrom(_readOffset);
        bool becameComplete = State == ReceiveStreamState.SizeKnown && _contiguousEnd == _finalSize;
        if (becameComplete)
            State = ReceiveStreamState.DataRecvd;
        return _contiguousEnd > previousEnd || becameComplete;
    }

    /// <summary>
    /// Applies a validated RESET_STREAM. Returns true when the application must be told
    /// (PEER_SEND_ABORTED); <paramref name="released"/> is connection credit freed by it.
    /// All data already received is kept instead when the stream is in Data Recvd (§3.2 allows it).
    /// </summary>
    public bool ApplyReset(ulong errorCode, long finalSize, out long released)
    {
        released = 0;
        long delta = ReceivedDelta(finalSize);
        _highestReceived += delta;
        _flow.OnReceived(delta);
        if (State is not (ReceiveStreamState.Recv or ReceiveStreamState.SizeKnown))
            return false;
        _finalSize = finalSize;
        _flow.StopUpdates();
        _stopSendingPending = false;
        ResetErrorCode = errorCode;
        released = finalSize - _readOffset;
        _readOffset = finalSize;
        ReleaseBuffers();
        State = _abortedByApp ? ReceiveStreamState.ResetRead : ReceiveStreamState.ResetRecvd;
        return !_abortedByApp;
    }

    /// <summary>The application was told of the reset (Reset Read, terminal).</summary>
    public void OnResetDelivered()
    {
        if (State == ReceiveStreamState.ResetRecvd)
            State = ReceiveStreamState.ResetRead;
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with the readable bytes as memory over internal
    /// chunks, in order, and returns how many segments were written. The memory stays valid
    /// and unchanged until those bytes are consumed.
    /// </summary>
    public int GetReadableSegments(Span<ReadOnlyMemory<byte>> destination)
    {
        int count = 0;
        long offset = _readOffset, end = _readOffset + ReadableLength;
        while (offset < end && count < destination.Length)
        {
            ReadOnlyMemory<byte> segment = _buffer.Segment(offset, end);
            destination[count++] = segment;
            offset += segment.Length;
        }
        return count;
    }

    /// <summary>Copies readable bytes without consuming them; returns the count.</summary>
    public int CopyReadable(Span<byte> destination)
    {
        int n = (int)Math.Min(destination.Length, ReadableLength);
        _buffer.CopyTo(_readOffset, destination[..n]);
        return n;
    }

    /// <summary>
    /// The application is being handed the readable segments (MsQuic RECEIVE); until the next
    /// <see cref="Consume"/> (inline or StreamReceiveComplete) the memory stays valid even if the
    /// stream is reset, aborted or closed meanwhile: returning chunks to the pool is deferred.
    /// </summary>
    public void BeginDelivery() => _delivering = true;

    /// <summary>
    /// The application consumed <paramref name="bytes"/> readable bytes (0 is valid: it
    /// acknowledges the FIN of a fully read stream) and ends any delivery in progress. May
    /// schedule MAX_STREAM_DATA and grow the window. Returns the bytes actually consumed: 0 when
    /// the data was meanwhile discarded by a reset or an abort (its credit was already returned).
    /// </summary>
    public long Consume(long bytes, long nowMicros, long rttMicros)
    {
        _delivering = false;
        if (!IsDeliverable)
        {
            if (_releaseDeferred)
                ReleaseBuffers();
            return 0;
        }
        if (bytes < 0 || bytes > ReadableLength)
            throw new ArgumentOutOfRangeException(nameof(bytes), "more than is readable");
        _readOffset += bytes;
        _buffer.ReleaseBelow(_readOffset);
        if (State == ReceiveStreamState.Recv)
            _flow.OnConsumed(bytes, nowMicros, rttMicros);
        if (State == ReceiveStreamState.DataRecvd && _readOffset == _finalSize)
        {
            State = ReceiveStreamState.DataRead;
            ReleaseBuffers();
        }
        return bytes;
    }

    /// <summary>
    /// The application stops reading (§3.5): data is discarded from now on and STOP_SENDING is
    /// queued while the final size is unknown. Returns the connection credit freed.
    /// </summary>
    public long Abort(ulong errorCode)
    {
        if (IsTerminal || _abortedByApp)
            return 0;
        if (State == ReceiveStreamState.ResetRecvd)
        {
            State = ReceiveStreamState.ResetRead;
            return 0;
        }
        _abortedByApp = true;
        StopSendingErrorCode = errorCode;
        _flow.StopUpdates();
        long released = _highestReceived - _readOffset;
        _readOffset = _highestReceived;
        ReleaseBuffers();
        if (_finalSize >= 0)
            State = ReceiveStreamState.DataRead;
        else
            _stopSendingPending = true;
        return released;
    }

    public void OnStopSendingSent() => _stopSendingPending = false;

    public void OnStopSendingLost() => _stopSendingPending = _abortedByApp && State == ReceiveStreamState.Recv;

    public void OnMaxStreamDataSent(long limit) => _flow.OnUpdateSent(limit);

    public void OnMaxStreamDataLost(long limit)
    {
        if (State == ReceiveStreamState.Recv && !_abortedByApp)
            _flow.OnUpdateLost(limit);
    }

    /// <summary>STREAM_DATA_BLOCKED from the peer: resend our limit if it allows more than the peer knows.</summary>
    public void OnPeerBlocked(long peerLimit)
    {
        if (State == ReceiveStreamState.Recv && !_abortedByApp)
            _flow.OnPeerBlocked(peerLimit);
    }

    /// <summary>Returns all chunks to the pool, or defers that while the application holds delivered segments.</summary>
    public void ReleaseBuffers()
    {
        _releaseDeferred = _delivering;
        if (!_delivering)
            _buffer.Clear(_readOffset);
    }

    private void LearnFinalSize(long finalSize)
    {
        _finalSize = finalSize;
        _flow.StopUpdates();
        if (State == ReceiveStreamState.Recv)
            State = ReceiveStreamState.SizeKnown;
    }

    // After an application abort everything received is released at once; the receive side is
    // finished once the final size is known (all connection credit is then accounted for).
    private bool DiscardReceived(out long released, bool finLearned)
    {
        released = 0;
        if (!_abortedByApp)
            return false;
        released = _highestReceived - _readOffset;
        _readOffset = _highestReceived;
        if (finLearned)
        {
            State = ReceiveStreamState.DataRead;
            _stopSendingPending = false;
        }
        return false;
    }

    // RFC 9000 §2.2: overlapping data may be ignored if it differs; only bytes not yet held
    // (and not yet consumed) are copied, so the first copy of every byte wins.
    private void StoreGaps(long offset, ReadOnlySpan<byte> data)
    {
        long from = Math.Max(offset, _readOffset), end = offset + data.Length;
        long cursor = from;
        while (cursor < end && _received.TryGetFirstGap(cursor, end, out long gapStart, out long gapEnd))
        {
            _buffer.Write(gapStart, data.Slice((int)(gapStart - offset), (int)(gapEnd - gapStart)));
            cursor = gapEnd;
        }
        if (from < end)
            _received.Add(from, end);
    }
}
