namespace QuicKestrel.Protocol.Streams;

/// <summary>What the stream layer reports to the connection / API layer.</summary>
internal enum StreamEventKind : byte
{
    /// <summary>The peer opened <see cref="StreamEvent.Stream"/> (explicitly or implicitly, §3.2), in ID order. API: PEER_STREAM_STARTED.</summary>
    PeerStreamOpened,
    /// <summary>New in-order data, or the FIN, became readable. API: RECEIVE.</summary>
    DataAvailable,
    /// <summary>RESET_STREAM received; ErrorCode = the peer's code. API: PEER_SEND_ABORTED.</summary>
    PeerSendAborted,
    /// <summary>STOP_SENDING received; ErrorCode = the peer's code; our send side is being reset with it. API: PEER_RECEIVE_ABORTED.</summary>
    PeerReceiveAborted,
    /// <summary>The send side is finished: Flag = graceful (all data + FIN acknowledged) or not (reset acknowledged). API: SEND_SHUTDOWN_COMPLETE.</summary>
    SendShutdownComplete,
    /// <summary>A writer that hit the send-buffer limit may write again.</summary>
    SendBufferAvailable,
    /// <summary>Both directions are finished; the stream left the manager. API: SHUTDOWN_COMPLETE.</summary>
    StreamClosed,
    /// <summary>The peer raised MAX_STREAMS; Flag = bidirectional. API: STREAMS_AVAILABLE.</summary>
    StreamsAvailable,
    /// <summary>The peer sent STREAMS_BLOCKED; Flag = bidirectional. API: PEER_NEEDS_STREAMS.</summary>
    PeerNeedsStreams,
}

/// <summary>A stream-layer event; the stream is null only for the connection-wide kinds.</summary>
internal readonly record struct StreamEvent(StreamEventKind Kind, QuicStream? Stream, ulong ErrorCode, bool Flag);
