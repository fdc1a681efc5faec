namespace QuicKestrel.Protocol.Streams;

/// <summary>What an acknowledgment changed on a send stream.</summary>
[Flags]
internal enum SendAckOutcome : byte
{
    None = 0,
    /// <summary>All data and the FIN are acknowledged: the stream reached Data Recvd.</summary>
    Completed = 1,
    /// <summary>A writer that hit the buffer limit may write again.</summary>
    BufferAvailable = 2,
}

/// <summary>
/// The sending part of one stream (RFC 9000 §3.1). Application data is copied into pooled
/// chunks and stays there until acknowledged. Byte ranges are tracked as: sent up to
/// <see cref="SentEnd"/> (new data goes from there), acknowledged (never resent) and lost
/// (resent first). Lost-range retransmissions need no flow-control credit; new bytes consume
/// stream credit here and connection credit through the manager.
/// </summary>
internal sealed class SendStream
{
    private readonly ChunkRing _buffer;
    private readonly RangeSet _acked = new();
    private readonly RangeSet _lost = new();
    private SendFlowControl _flow;
    private long _writtenEnd;
    private long _sentEnd;
    private long _ackedPrefix;
    private long _finalSize = -1;
    private bool _finQueued, _finSent, _finAcked, _finLost;
    private bool _writerBlocked;
    private bool _resetPending;

    public SendStream(ChunkRing buffer, long initialCredit, long bufferLimit)
    {
        _buffer = buffer;
        _flow = new SendFlowControl(initialCredit);
        BufferLimit = bufferLimit;
    }

    public SendStreamState State { get; private set; }

    /// <summary>Most bytes held (written but not yet acknowledged) before writes are refused.</summary>
    public long BufferLimit { get; set; }

    /// <summary>Offset just past the last byte the application wrote.</summary>
    public long WrittenEnd => _writtenEnd;

    /// <summary>Offset just past the highest byte ever sent (stream credit used).</summary>
    public long SentEnd => _sentEnd;

    /// <summary>Every byte below this offset is acknowledged.</summary>
    public long AckedPrefix => _ackedPrefix;

    /// <summary>Bytes held in the send buffer (written and not acknowledged in order).</summary>
    public long BufferedBytes => _writtenEnd - _ackedPrefix;

    /// <summary>Final size once known (FIN written or stream reset), otherwise -1.</summary>
    public long FinalSize => _finalSize;

    public ulong ResetErrorCode { get; private set; }

    public bool IsFinQueued => _finQueued;

    public bool IsTerminal => State is SendStreamState.DataRecvd or SendStreamState.ResetRecvd;

    public bool IsResetting => State is SendStreamState.ResetSent or SendStreamState.ResetRecvd;

    /// <summary>The application can still write (no FIN yet, not reset).</summary>
    public bool CanWrite => State is SendStreamState.Ready or SendStreamState.Send && !_finQueued;

    public long CreditLimit => _flow.Limit;

    public long CreditAvailable => _flow.Available;

    public int BufferedChunks => _buffer.RentedChunks;

    /// <summary>Bytes written but never sent.</summary>
    public long UnsentBytes => IsSending ? _writtenEnd - _sentEnd : 0;

    /// <summary>Lost data or a lost FIN waiting to be sent again.</summary>
    public bool HasRetransmission => IsSending && (!_lost.IsEmpty || (_finLost && !_finAcked));

    /// <summary>Only the FIN remains to be sent (it needs no credit).</summary>
    public bool HasFinOnly => IsSending && _finQueued && !_finSent && _sentEnd == _writtenEnd;

    /// <summary>Something can be sent without connection-level credit.</summary>
    public bool CanSendWithoutCredit => HasRetransmission || HasFinOnly;

    /// <summary>New bytes are waiting and the stream's own credit allows some of them.</summary>
    public bool WantsConnectionCredit => UnsentBytes > 0 && _flow.Available > 0;

    /// <summary>New bytes wait on stream credit and no STREAM_DATA_BLOCKED went out for this limit (§4.1).</summary>
    public bool NeedsBlockedSignal => UnsentBytes > 0 && _flow.NeedsBlockedSignal;

    public bool ResetPending => _resetPending;

    private bool IsSending => State is SendStreamState.Ready or SendStreamState.Send or SendStreamState.DataSent;

    /// <summary>
    /// Copies as much of <paramref name="data"/> as the buffer limit allows and returns the count.
    /// The FIN is queued only when all of <paramref name="data"/> was taken. When less was taken,
    /// the writer is marked blocked and a later acknowledgment reports buffer space.
    /// </summary>
    public int Write(ReadOnlySpan<byte> data, bool fin)
    {
        if (!CanWrite)
            return 0;
        long room = Math.Min(BufferLimit - BufferedBytes, StreamId.MaxValue - _writtenEnd);
        int n = (int)Math.Clamp(room, 0, data.Length);
        if (n > 0)
        {
            _buffer.Write(_writtenEnd, data[..n]);
            _writtenEnd += n;
        }
        if (n < data.Length)
            _writerBlocked = true;
        else if (fin)
        {
            _finQueued = true;
            _finalSize = _writtenEnd;
        }
        return n;
    }

    /// <summary>
    /// The next chunk to send, without changing state: lost ranges first (lowest offset), then
    /// a lost FIN, then new data within stream credit and <paramref name="connectionCredit"/>,
    /// then a FIN alone. The chunk's length is the most available; the caller may truncate it.
    /// </summary>
    public bool TryGetNextChunk(long streamId, long connectionCredit, out StreamChunk chunk)
    {
        chunk = default;
        if (!IsSending)
            return false;
        if (!_lost.IsEmpty)
        {
            long start = _lost.StartAt(0);
            int length = (int)Math.Min(_lost.EndAt(0) - start, int.MaxValue);
            chunk = new StreamChunk(streamId, start, length, _finQueued && !_finAcked && start + length == _finalSize);
            return true;
        }
        if (_finLost && !_finAcked)
        {
            chunk = new StreamChunk(streamId, _finalSize, 0, true);
            return true;
        }
        long newBytes = Math.Min(_writtenEnd - _sentEnd, Math.Min(_flow.Available, connectionCredit));
        if (newBytes > 0)
        {
            int length = (int)Math.Min(newBytes, int.MaxValue);
            chunk = new StreamChunk(streamId, _sentEnd, length, _finQueued && _sentEnd + length == _finalSize);
            return true;
        }
        if (HasFinOnly)
        {
            chunk = new StreamChunk(streamId, _sentEnd, 0, true);
            return true;
        }
        return false;
    }

    /// <summary>Copies a chunk's bytes (still buffered: never acknowledged in order yet).</summary>
    public void CopyData(long offset, int length, Span<byte> destination) =>
        _buffer.CopyTo(offset, destination[..length]);

    /// <summary>Records that a chunk went into a packet; returns how many new bytes it carried (credit used).</summary>
    public long OnChunkSent(in StreamChunk chunk)
    {
        if (!IsSending || chunk.Offset > _sentEnd || chunk.End > _writtenEnd || (chunk.Fin && chunk.End != _finalSize))
            throw new InvalidOperationException("chunk was not produced by this stream");
        _lost.Remove(chunk.Offset, chunk.End);
        long newBytes = Math.Max(0, chunk.End - _sentEnd);
        _sentEnd += newBytes;
        _flow.Consume(newBytes);
        if (chunk.Fin)
        {
            _finSent = true;
            _finLost = false;
        }
        if (State == SendStreamState.Ready)
            State = SendStreamState.Send;
        if (_finSent && _sentEnd == _finalSize && State == SendStreamState.Send)
            State = SendStreamState.DataSent;
        return newBytes;
    }

    /// <summary>A packet carrying the chunk was acknowledged (original or retransmission).</summary>
    public SendAckOutcome OnChunkAcked(long offset, int length, bool fin)
    {
        if (!IsSending)
            return SendAckOutcome.None;
        var outcome = SendAckOutcome.None;
        // Reports about bytes never sent (stale, e.g. from before a 0-RTT rewind) are clipped away.
        long end = Math.Min(offset + length, _sentEnd);
        _acked.Add(offset, end);
        _lost.Remove(offset, end);
        if (fin && _finSent)
        {
            _finAcked = true;
            _finLost = false;
        }
        long prefix = _acked.ContiguousEndFrom(0);
        if (prefix > _ackedPrefix)
        {
            _ackedPrefix = prefix;
            _buffer.ReleaseBelow(prefix);
        }
        if (_finAcked && _ackedPrefix >= _finalSize)
        {
            State = SendStreamState.DataRecvd;
            ReleaseBuffers();
            outcome |= SendAckOutcome.Completed;
        }
        if (_writerBlocked && (BufferedBytes < BufferLimit || IsTerminal))
        {
            _writerBlocked = false;
            outcome |= SendAckOutcome.BufferAvailable;
        }
        return outcome;
    }

    /// <summary>A packet carrying the chunk was declared lost: queue its unacknowledged bytes (and FIN) again.</summary>
    public void OnChunkLost(long offset, int length, bool fin)
    {
        if (!IsSending)
            return;
        long from = offset, end = Math.Min(offset + length, _sentEnd);
        while (from < end && _acked.TryGetFirstGap(from, end, out long gapStart, out long gapEnd))
        {
            _lost.Add(gapStart, gapEnd);
            from = gapEnd;
        }
        if (fin && _finSent && !_finAcked)
            _finLost = true;
    }

    public bool RaiseCreditLimit(long limit) => _flow.RaiseLimit(limit);

    public void OnBlockedSent(long limit)
    {
        _flow.OnBlockedSent(limit);
        if (State == SendStreamState.Ready)
            State = SendStreamState.Send;
    }

    public void OnBlockedLost(long limit) => _flow.OnBlockedLost(limit);

    /// <summary>
    /// Abandons the stream with RESET_STREAM (§3.1, §19.4). The final size is the credit used so
    /// far (highest offset sent); buffered data is dropped. False when already finished or reset.
    /// </summary>
    public bool Reset(ulong errorCode)
    {
        if (!IsSending)
            return false;
        State = SendStreamState.ResetSent;
        ResetErrorCode = errorCode;
        _finalSize = _sentEnd;
        _resetPending = true;
        _writerBlocked = false;
        _lost.Clear();
        _acked.Clear();
        ReleaseBuffers();
        return true;
    }

    public void OnResetSent() => _resetPending = false;

    public void OnResetLost() => _resetPending = State == SendStreamState.ResetSent;

    /// <summary>RESET_STREAM acknowledged: Reset Recvd. True when this completed the send side.</summary>
    public bool OnResetAcked()
    {
        if (State != SendStreamState.ResetSent)
            return false;
        State = SendStreamState.ResetRecvd;
        _resetPending = false;
        return true;
    }

    /// <summary>
    /// 0-RTT was rejected: the server saw none of it (RFC 9001 §4.6.2), so everything written
    /// goes again from offset 0 under the new limits. A pending reset now carries final size 0.
    /// </summary>
    public void RewindForZeroRttRejection(long newCredit)
    {
        _flow.ResetUsage(newCredit);
        _lost.Clear();
        _acked.Clear();
        _sentEnd = 0;
        _finSent = _finLost = _finAcked = false;
        if (IsResetting)
        {
            _finalSize = 0;
            State = SendStreamState.ResetSent;
            _resetPending = true;
            return;
        }
        if (IsSending)
            State = SendStreamState.Ready;
    }

    public void ReleaseBuffers() => _buffer.Clear(_ackedPrefix);
}
