namespace QuicKestrel.Protocol.Api;

/// <summary>
/// How <c>StreamShutdown</c> closes a stream. MsQuic's <c>QUIC_STREAM_SHUTDOWN_FLAGS</c>, with
/// its values. <see cref="Graceful"/> may not be combined with any abort or
/// <see cref="Immediate"/>; <see cref="Immediate"/> requires <see cref="Abort"/>.
/// </summary>
[Flags]
public enum QuicStreamShutdownFlags
{
    /// <summary>Not a valid shutdown on its own (<c>QUIC_STREAM_SHUTDOWN_FLAG_NONE</c>): <c>StreamShutdown</c> returns <see cref="QuicStatus.InvalidParameter"/>.</summary>
    None = 0x0000,

    /// <summary>Close the send direction cleanly, after all queued data (a FIN) (<c>QUIC_STREAM_SHUTDOWN_FLAG_GRACEFUL</c>).</summary>
    Graceful = 0x0001,

    /// <summary>Abort the send direction: queued data is dropped and RESET_STREAM carries the error code (<c>QUIC_STREAM_SHUTDOWN_FLAG_ABORT_SEND</c>).</summary>
    AbortSend = 0x0002,

    /// <summary>Abort the receive direction: STOP_SENDING carries the error code (<c>QUIC_STREAM_SHUTDOWN_FLAG_ABORT_RECEIVE</c>).</summary>
    AbortReceive = 0x0004,

    /// <summary>Abort both directions (<c>QUIC_STREAM_SHUTDOWN_FLAG_ABORT</c>).</summary>
    Abort = AbortSend | AbortReceive,

    /// <summary>
    /// With <see cref="Abort"/>: deliver the completion events at once, without waiting for the
    /// peer's acknowledgement (<c>QUIC_STREAM_SHUTDOWN_FLAG_IMMEDIATE</c>).
    /// </summary>
    Immediate = 0x0008,

    /// <summary>
    /// Process the shutdown inline when called from a callback of this connection
    /// (<c>QUIC_STREAM_SHUTDOWN_FLAG_INLINE</c>). The one case where callbacks may nest.
    /// </summary>
    Inline = 0x0010,
}
