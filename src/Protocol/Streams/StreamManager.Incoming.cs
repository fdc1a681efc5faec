using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Streams;

// Frames received from the peer. Each returns QuicError.None or the connection error to close
// with; frames for streams that already finished are ignored (RFC 9000 §3.2, §3.5).
internal sealed partial class StreamManager
{
    /// <summary>
    /// Applies the stream limits and initial credit from the peer's transport parameters
    /// (RFC 9000 §18.2). Limits only grow; existing streams (opened for 0-RTT under remembered
    /// parameters) get the new credit.
    /// </summary>
    public void ApplyPeerTransportParameters(in StreamTransportParameters peer)
    {
        _peerParameters = peer;
        _connectionSend.RaiseLimit(peer.InitialMaxData);
        RaiseLocalLimit(bidirectional: true, peer.InitialMaxStreamsBidi);
        RaiseLocalLimit(bidirectional: false, peer.InitialMaxStreamsUni);
        foreach (QuicStream stream in _streams.Values)
        {
            stream.Send?.RaiseCreditLimit(InitialSendCredit(stream.Id));
            UpdateQueues(stream);
        }
    }

    /// <summary>STREAM frame (§19.8).</summary>
    public QuicError OnStreamFrame(long streamId, long offset, ReadOnlySpan<byte> data, bool fin)
    {
        if (!StreamId.CanReceive(streamId, _isServer))
            return StreamErrors.StreamState(StreamFrameTypes.Stream, "STREAM frame on a send-only stream");
        QuicError error = GetOrOpenStream(streamId, StreamFrameTypes.Stream, out QuicStream? stream);
        if (error.IsError || stream is null)
            return error;
        ReceiveStream receive = stream.Receive!;
        error = receive.ValidateData(offset, data.Length, fin);
        if (error.IsError)
            return error;
        error = CountConnectionBytes(receive.ReceivedDelta(offset + data.Length), StreamFrameTypes.Stream);
        if (error.IsError)
            return error;
        if (receive.ApplyData(offset, data, fin, out long released))
            EmitDataAvailable(stream);
        ReleaseConnectionCredit(released);
        Refresh(stream);
        if (receive.FragmentCount > receive.MaxFragments)
            return StreamErrors.ProtocolViolation(StreamFrameTypes.Stream, "too many out-of-order stream fragments");
        return QuicError.None;
    }

    /// <summary>RESET_STREAM frame (§19.4).</summary>
    public QuicError OnResetStream(long streamId, ulong errorCode, long finalSize)
    {
        if (!StreamId.CanReceive(streamId, _isServer))
            return StreamErrors.StreamState(StreamFrameTypes.ResetStream, "RESET_STREAM on a send-only stream");
        QuicError error = GetOrOpenStream(streamId, StreamFrameTypes.ResetStream, out QuicStream? stream);
        if (error.IsError || stream is null)
            return error;
        ReceiveStream receive = stream.Receive!;
        error = receive.ValidateReset(finalSize);
        if (error.IsError)
            return error;
        error = CountConnectionBytes(receive.ReceivedDelta(finalSize), StreamFrameTypes.ResetStream);
        if (error.IsError)
            return error;
        if (receive.ApplyReset(errorCode, finalSize, out long released))
            Emit(StreamEventKind.PeerSendAborted, stream, errorCode);
        ReleaseConnectionCredit(released);
        Refresh(stream);
        return QuicError.None;
    }

    /// <summary>STOP_SENDING frame (§19.5): our send side is reset with the peer's error code (§3.5).</summary>
    public QuicError OnStopSending(long streamId, ulong errorCode)
    {
        if (!StreamId.CanSend(streamId, _isServer))
            return StreamErrors.StreamState(StreamFrameTypes.StopSending, "STOP_SENDING on a receive-only stream");
        QuicError error = GetOrOpenStream(streamId, StreamFrameTypes.StopSending, out QuicStream? stream);
        if (error.IsError || stream is null)
            return error;
        if (stream.Send!.Reset(errorCode))
            Emit(StreamEventKind.PeerReceiveAborted, stream, errorCode);
        Refresh(stream);
        return QuicError.None;
    }

    /// <summary>MAX_STREAM_DATA frame (§19.10).</summary>
    public QuicError OnMaxStreamData(long streamId, long maximum)
    {
        if (!StreamId.CanSend(streamId, _isServer))
            return StreamErrors.StreamState(StreamFrameTypes.MaxStreamData, "MAX_STREAM_DATA on a receive-only stream");
        QuicError error = GetOrOpenStream(streamId, StreamFrameTypes.MaxStreamData, out QuicStream? stream);
        if (error.IsError || stream is null)
            return error;
        if (stream.Send!.RaiseCreditLimit(maximum))
            Refresh(stream);
        return QuicError.None;
    }

    /// <summary>STREAM_DATA_BLOCKED frame (§19.13).</summary>
    public QuicError OnStreamDataBlocked(long streamId, long limit)
    {
        if (!StreamId.CanReceive(streamId, _isServer))
            return StreamErrors.StreamState(StreamFrameTypes.StreamDataBlocked, "STREAM_DATA_BLOCKED on a send-only stream");
        QuicError error = GetOrOpenStream(streamId, StreamFrameTypes.StreamDataBlocked, out QuicStream? stream);
        if (error.IsError || stream is null)
            return error;
        stream.Receive!.OnPeerBlocked(limit);
        Refresh(stream);
        return QuicError.None;
    }

    /// <summary>MAX_DATA frame (§19.9).</summary>
    public void OnMaxData(long maximum) => _connectionSend.RaiseLimit(maximum);

    /// <summary>DATA_BLOCKED frame (§19.12): resend MAX_DATA if we allow more than the peer knows.</summary>
    public void OnDataBlocked(long limit) => _connectionReceive.OnPeerBlocked(limit);

    /// <summary>MAX_STREAMS frame (§19.11); values above 2^60 are FRAME_ENCODING_ERROR.</summary>
    public QuicError OnMaxStreams(bool bidirectional, long maximum)
    {
        if (maximum < 0 || maximum > StreamId.MaxStreamCount)
            return StreamErrors.FrameEncoding(bidirectional ? StreamFrameTypes.MaxStreamsBidi : StreamFrameTypes.MaxStreamsUni, "MAX_STREAMS above 2^60");
        RaiseLocalLimit(bidirectional, maximum);
        return QuicError.None;
    }

    /// <summary>STREAMS_BLOCKED frame (§19.14); values above 2^60 are FRAME_ENCODING_ERROR.</summary>
    public QuicError OnStreamsBlocked(bool bidirectional, long limit)
    {
        if (limit < 0 || limit > StreamId.MaxStreamCount)
            return StreamErrors.FrameEncoding(bidirectional ? StreamFrameTypes.StreamsBlockedBidi : StreamFrameTypes.StreamsBlockedUni, "STREAMS_BLOCKED above 2^60");
        PeerLimit(bidirectional).OnPeerBlocked(limit);
        Emit(StreamEventKind.PeerNeedsStreams, null, 0, bidirectional);
        return QuicError.None;
    }

    private void RaiseLocalLimit(bool bidirectional, long maximum)
    {
        if (LocalLimit(bidirectional).RaiseLimit(maximum))
            Emit(StreamEventKind.StreamsAvailable, null, 0, bidirectional);
    }

    // RFC 9000 §4.1: the connection limit counts the highest offset received on every stream.
    private QuicError CountConnectionBytes(long delta, ulong frameType)
    {
        if (!_connectionReceive.Allows(_connectionReceive.Received + delta))
            return StreamErrors.FlowControl(frameType, "connection data beyond MAX_DATA");
        _connectionReceive.OnReceived(delta);
        return QuicError.None;
    }

    /// <summary>
    /// Finds the stream a frame names, opening peer streams (and every lower one of the same
    /// type, §3.2) on first mention. Null with no error means the stream already finished.
    /// </summary>
    private QuicError GetOrOpenStream(long id, ulong frameType, out QuicStream? stream)
    {
        stream = null;
        if (id < 0 || id > StreamId.MaxValue)
            return StreamErrors.FrameEncoding(frameType, "stream ID beyond 2^62-1");
        bool bidirectional = StreamId.IsBidirectional(id);
        long index = StreamId.IndexOf(id);
        if (StreamId.IsLocal(id, _isServer))
        {
            // §19.8, §19.5, §19.10: frames for a local stream we have not opened yet.
            if (!LocalLimit(bidirectional).WasOpened(index))
                return StreamErrors.StreamState(frameType, "frame for a local stream not yet opened");
            _streams.TryGetValue(id, out stream);
            return QuicError.None;
        }
        PeerStreamLimit peer = PeerLimit(bidirectional);
        if (!peer.Allows(index))
            return StreamErrors.StreamLimit(frameType);
        for (long i = peer.Opened; i <= index; i++)
            Emit(StreamEventKind.PeerStreamOpened, CreateStream(StreamId.FromIndex(peer.Type, i)));
        peer.MarkOpenedThrough(index);
        _streams.TryGetValue(id, out stream);
        return QuicError.None;
    }

    private void EmitDataAvailable(QuicStream stream)
    {
        if (stream.DataEventQueued)
            return;
        stream.DataEventQueued = true;
        Emit(StreamEventKind.DataAvailable, stream);
    }
}
