namespace QuicKestrel.Protocol.Api;

/// <summary>
/// The kind of a <see cref="QuicStreamEvent"/>. MsQuic's <c>QUIC_STREAM_EVENT_TYPE</c>, with its
/// values. No event is delivered before <c>StreamStart</c>; <see cref="StartComplete"/> always
/// follows it and <see cref="ShutdownComplete"/> is always the last event of a stream.
/// </summary>
public enum QuicStreamEventType
{
    /// <summary><c>StreamStart</c> finished, successfully or not; payload <see cref="QuicStreamEvent.StartComplete"/> (<c>QUIC_STREAM_EVENT_START_COMPLETE</c>).</summary>
    StartComplete = 0,

    /// <summary>Data arrived; payload <see cref="QuicStreamEvent.Receive"/> (<c>QUIC_STREAM_EVENT_RECEIVE</c>).</summary>
    Receive = 1,

    /// <summary>A <c>StreamSend</c>'s buffers are no longer used by the stack; payload <see cref="QuicStreamEvent.SendComplete"/> (<c>QUIC_STREAM_EVENT_SEND_COMPLETE</c>).</summary>
    SendComplete = 2,

    /// <summary>The peer finished its send direction gracefully (FIN received, all data delivered) (<c>QUIC_STREAM_EVENT_PEER_SEND_SHUTDOWN</c>).</summary>
    PeerSendShutdown = 3,

    /// <summary>The peer aborted its send direction (RESET_STREAM); payload <see cref="QuicStreamEvent.PeerSendAborted"/> (<c>QUIC_STREAM_EVENT_PEER_SEND_ABORTED</c>).</summary>
    PeerSendAborted = 4,

    /// <summary>The peer aborted its receive direction (STOP_SENDING); payload <see cref="QuicStreamEvent.PeerReceiveAborted"/> (<c>QUIC_STREAM_EVENT_PEER_RECEIVE_ABORTED</c>).</summary>
    PeerReceiveAborted = 5,

    /// <summary>Our send direction is closed; payload <see cref="QuicStreamEvent.SendShutdownComplete"/> (<c>QUIC_STREAM_EVENT_SEND_SHUTDOWN_COMPLETE</c>).</summary>
    SendShutdownComplete = 6,

    /// <summary>Both directions are closed: the last event; payload <see cref="QuicStreamEvent.ShutdownComplete"/> (<c>QUIC_STREAM_EVENT_SHUTDOWN_COMPLETE</c>).</summary>
    ShutdownComplete = 7,

    /// <summary>The amount of data worth keeping queued changed; payload <see cref="QuicStreamEvent.IdealSendBufferSize"/> (<c>QUIC_STREAM_EVENT_IDEAL_SEND_BUFFER_SIZE</c>).</summary>
    IdealSendBufferSize = 8,

    /// <summary>The peer's stream limit now admits the stream (with <see cref="QuicStreamStartFlags.IndicatePeerAccept"/>) (<c>QUIC_STREAM_EVENT_PEER_ACCEPTED</c>).</summary>
    PeerAccepted = 9,

    /// <summary>Data sent with <see cref="QuicSendFlags.CancelOnLoss"/> was lost; payload <see cref="QuicStreamEvent.CancelOnLoss"/> (<c>QUIC_STREAM_EVENT_CANCEL_ON_LOSS</c>).</summary>
    CancelOnLoss = 10,
}
