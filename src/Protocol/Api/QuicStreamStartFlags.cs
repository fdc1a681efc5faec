namespace QuicKestrel.Protocol.Api;

/// <summary>Options for <c>StreamStart</c>. MsQuic's <c>QUIC_STREAM_START_FLAGS</c>, with its values.</summary>
[Flags]
public enum QuicStreamStartFlags
{
    /// <summary>
    /// Default behaviour: the stream gets its ID now and the peer learns of it with the first
    /// data sent (<c>QUIC_STREAM_START_FLAG_NONE</c>).
    /// </summary>
    None = 0x0000,

    /// <summary>Tell the peer at once that the stream is open, even with no data to send (<c>QUIC_STREAM_START_FLAG_IMMEDIATE</c>).</summary>
    Immediate = 0x0001,

    /// <summary>
    /// Fail with <see cref="QuicStatus.StreamLimitReached"/> instead of waiting when the peer's
    /// stream limit does not allow the stream yet (<c>QUIC_STREAM_START_FLAG_FAIL_BLOCKED</c>).
    /// </summary>
    FailBlocked = 0x0002,

    /// <summary>Shut the stream down immediately if the start fails (<c>QUIC_STREAM_START_FLAG_SHUTDOWN_ON_FAIL</c>).</summary>
    ShutdownOnFail = 0x0004,

    /// <summary>
    /// When the stream could not be accepted by the peer at start (stream limit), deliver
    /// PEER_ACCEPTED once the peer's limit allows it (<c>QUIC_STREAM_START_FLAG_INDICATE_PEER_ACCEPT</c>).
    /// </summary>
    IndicatePeerAccept = 0x0008,

    /// <summary>Process this start ahead of other queued work of the connection (<c>QUIC_STREAM_START_FLAG_PRIORITY_WORK</c>).</summary>
    PriorityWork = 0x0010,
}
