namespace QuicKestrel.Protocol.Streams;

// What to send, and what happened to it. The connection's packet builder:
//   1. while TryPeekControlFrame(out f) and f fits: encode f; OnControlFrameSent(f); record f.
//   2. while TryPeekStreamFrame(out c): compute the STREAM header for (c.StreamId, c.Offset),
//      c = c.Truncate(room - header); if c.Length == 0 && !c.Fin: stop; encode the header,
//      CopyStreamData(c, payload); OnStreamFrameSent(c); record c.
// Recorded values come back through On...Acked / On...Lost when the packet's fate is known.
internal sealed partial class StreamManager
{
    private QuicStream? _lastPeeked;

    /// <summary>True when a control frame or stream data can be sent now.</summary>
    public bool HasPendingFrames => TryPeekControlFrame(out _) || HasSendableStreamData;

    /// <summary>True when some stream has data, a FIN or a retransmission that credit allows now.</summary>
    public bool HasSendableStreamData =>
        _sendQueue.Count > 0 && (_connectionSend.Available > 0 || _creditFreeCount > 0);

    /// <summary>
    /// The next stream-related control frame due, without changing state. Connection-level
    /// frames (MAX_DATA, MAX_STREAMS, DATA_BLOCKED, STREAMS_BLOCKED) come first, then per-stream
    /// frames in queue order (RESET_STREAM, STOP_SENDING, MAX_STREAM_DATA, STREAM_DATA_BLOCKED).
    /// </summary>
    public bool TryPeekControlFrame(out StreamControlFrame frame)
    {
        if (TryPeekConnectionControlFrame(out frame))
            return true;
        QuicStream? stream = _controlQueue.Head;
        if (stream is null)
            return false;
        SendStream? send = stream.Send;
        ReceiveStream? receive = stream.Receive;
        if (send is { ResetPending: true })
            frame = StreamControlFrame.ResetStream(stream.Id, send.ResetErrorCode, send.FinalSize);
        else if (receive is { StopSendingPending: true })
            frame = StreamControlFrame.StopSending(stream.Id, receive.StopSendingErrorCode);
        else if (receive is { MaxStreamDataPending: true })
            frame = StreamControlFrame.MaxStreamData(stream.Id, receive.CreditLimit);
        else if (send is { NeedsBlockedSignal: true })
            frame = StreamControlFrame.StreamDataBlocked(stream.Id, send.CreditLimit);
        else
            return false;
        return true;
    }

    /// <summary>The frame went into a packet: it is no longer due (until lost).</summary>
    public void OnControlFrameSent(in StreamControlFrame frame)
    {
        switch (frame.Kind)
        {
            case StreamControlFrameKind.MaxData:
                _connectionReceive.OnUpdateSent(frame.Value);
                return;
            case StreamControlFrameKind.DataBlocked:
                _connectionSend.OnBlockedSent(frame.Value);
                return;
            case StreamControlFrameKind.MaxStreams:
                PeerLimit(frame.Bidirectional).OnUpdateSent(frame.Value);
                return;
            case StreamControlFrameKind.StreamsBlocked:
                LocalLimit(frame.Bidirectional).OnBlockedSent(frame.Value);
                return;
        }
        if (!_streams.TryGetValue(frame.StreamId, out QuicStream? stream))
            return;
        switch (frame.Kind)
        {
            case StreamControlFrameKind.ResetStream:
                stream.Send?.OnResetSent();
                break;
            case StreamControlFrameKind.StopSending:
                stream.Receive?.OnStopSendingSent();
                break;
            case StreamControlFrameKind.MaxStreamData:
                stream.Receive?.OnMaxStreamDataSent(frame.Value);
                break;
            case StreamControlFrameKind.StreamDataBlocked:
                stream.Send?.OnBlockedSent(frame.Value);
                break;
        }
        Refresh(stream);
    }

    /// <summary>A packet carrying the frame was acknowledged. Only RESET_STREAM changes state (Reset Recvd).</summary>
    public void OnControlFrameAcked(in StreamControlFrame frame)
    {
        if (frame.Kind != StreamControlFrameKind.ResetStream || !_streams.TryGetValue(frame.StreamId, out QuicStream? stream))
            return;
        if (stream.Send is { } send && send.OnResetAcked())
            Emit(StreamEventKind.SendShutdownComplete, stream, send.ResetErrorCode, flag: false);
        Refresh(stream);
    }

    /// <summary>A packet carrying the frame was declared lost: send it again if it still matters.</summary>
    public void OnControlFrameLost(in StreamControlFrame frame)
    {
        switch (frame.Kind)
        {
            case StreamControlFrameKind.MaxData:
                _connectionReceive.OnUpdateLost(frame.Value);
                return;
            case StreamControlFrameKind.DataBlocked:
                _connectionSend.OnBlockedLost(frame.Value);
                return;
            case StreamControlFrameKind.MaxStreams:
                PeerLimit(frame.Bidirectional).OnUpdateLost(frame.Value);
                return;
            case StreamControlFrameKind.StreamsBlocked:
                LocalLimit(frame.Bidirectional).OnBlockedLost(frame.Value);
                return;
        }
        if (!_streams.TryGetValue(frame.StreamId, out QuicStream? stream))
            return;
        switch (frame.Kind)
        {
            case StreamControlFrameKind.ResetStream:
                stream.Send?.OnResetLost();
                break;
            case StreamControlFrameKind.StopSending:
                stream.Receive?.OnStopSendingLost();
                break;
            case StreamControlFrameKind.MaxStreamData:
                stream.Receive?.OnMaxStreamDataLost(frame.Value);
                break;
            case StreamControlFrameKind.StreamDataBlocked:
                stream.Send?.OnBlockedLost(frame.Value);
                break;
        }
        UpdateQueues(stream);
    }

    /// <summary>
    /// The next STREAM frame to send, without changing state: the first stream in priority
    /// round-robin order that can send now, and its next chunk (lost data first). The chunk's
    /// length is the most that can go; truncate it to the room in the packet.
    /// </summary>
    public bool TryPeekStreamFrame(out StreamChunk chunk)
    {
        long connectionCredit = _connectionSend.Available;
        for (QuicStream? stream = _sendQueue.Head; stream is not null; stream = stream.SendNext)
        {
            if (connectionCredit <= 0 && !stream.CountedCreditFree)
            {
                if (_creditFreeCount == 0)
                    break;
                continue;
            }
            if (stream.Send!.TryGetNextChunk(stream.Id, connectionCredit, out chunk))
            {
                _lastPeeked = stream;
                return true;
            }
        }
        chunk = default;
        return false;
    }

    /// <summary>Copies a chunk's bytes into the frame payload (<paramref name="destination"/> at least chunk.Length long).</summary>
    public void CopyStreamData(in StreamChunk chunk, Span<byte> destination) =>
        FindSending(chunk.StreamId).Send!.CopyData(chunk.Offset, chunk.Length, destination);

    /// <summary>The chunk went into a packet: consumes credit and moves the stream behind its peers (round-robin).</summary>
    public void OnStreamFrameSent(in StreamChunk chunk)
    {
        QuicStream stream = FindSending(chunk.StreamId);
        long newBytes = stream.Send!.OnChunkSent(chunk);
        if (newBytes > _connectionSend.Available)
            throw new InvalidOperationException("chunk exceeds the connection's send credit");
        _connectionSend.Consume(newBytes);
        _sendQueue.Rotate(stream);
        UpdateQueues(stream);
    }

    /// <summary>A packet carrying the chunk was acknowledged.</summary>
    public void OnStreamFrameAcked(in StreamChunk chunk)
    {
        if (!_streams.TryGetValue(chunk.StreamId, out QuicStream? stream) || stream.Send is not { } send)
            return;
        SendAckOutcome outcome = send.OnChunkAcked(chunk.Offset, chunk.Length, chunk.Fin);
        if ((outcome & SendAckOutcome.Completed) != 0)
            Emit(StreamEventKind.SendShutdownComplete, stream, 0, flag: true);
        if ((outcome & SendAckOutcome.BufferAvailable) != 0)
            Emit(StreamEventKind.SendBufferAvailable, stream);
        Refresh(stream);
    }

    /// <summary>A packet carrying the chunk was declared lost: its unacknowledged bytes go again, first.</summary>
    public void OnStreamFrameLost(in StreamChunk chunk)
    {
        if (!_streams.TryGetValue(chunk.StreamId, out QuicStream? stream) || stream.Send is not { } send)
            return;
        send.OnChunkLost(chunk.Offset, chunk.Length, chunk.Fin);
        UpdateQueues(stream);
    }

    private bool TryPeekConnectionControlFrame(out StreamControlFrame frame)
    {
        if (_connectionReceive.UpdatePending)
            frame = StreamControlFrame.MaxData(_connectionReceive.Limit);
        else if (_peerBidi.UpdatePending)
            frame = StreamControlFrame.MaxStreams(true, _peerBidi.Limit);
        else if (_peerUni.UpdatePending)
            frame = StreamControlFrame.MaxStreams(false, _peerUni.Limit);
        else if (_creditWaiterCount > 0 && _connectionSend.NeedsBlockedSignal)
            frame = StreamControlFrame.DataBlocked(_connectionSend.Limit);
        else if (_localBidi.NeedsBlockedSignal)
            frame = StreamControlFrame.StreamsBlocked(true, _localBidi.Limit);
        else if (_localUni.NeedsBlockedSignal)
            frame = StreamControlFrame.StreamsBlocked(false, _localUni.Limit);
        else
        {
            frame = default;
            return false;
        }
        return true;
    }

    private QuicStream FindSending(long streamId)
    {
        if (_lastPeeked is { IsClosed: false } peeked && peeked.Id == streamId)
            return peeked;
        if (_streams.TryGetValue(streamId, out QuicStream? stream) && stream.Send is not null)
            return stream;
        throw new InvalidOperationException("no open stream with send data for this chunk");
    }
}
