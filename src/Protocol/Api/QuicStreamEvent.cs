namespace QuicKestrel.Protocol.Api;

/// <summary>
/// An event delivered to a <see cref="QuicStreamCallback"/>: MsQuic's <c>QUIC_STREAM_EVENT</c>.
/// <see cref="Type"/> names the event and the one payload field that is meaningful (each named
/// after MsQuic's union member: <c>evt.Receive.TotalBufferLength</c>,
/// <c>evt.ShutdownComplete.ConnectionErrorCode</c>, ...); the other payload fields hold stale
/// values. The stack reuses one instance per stream and fills it in place, so delivering an
/// event allocates nothing; it is passed by reference, and the members marked writable are
/// read back after the callback returns. PEER_SEND_SHUTDOWN and PEER_ACCEPTED carry no payload.
/// </summary>
public partial struct QuicStreamEvent
{
    /// <summary>Which event this is, and so which payload field to read.</summary>
    public QuicStreamEventType Type;

    /// <summary>The payload of <see cref="QuicStreamEventType.StartComplete"/> (MsQuic's <c>START_COMPLETE</c>).</summary>
    public StartCompletePayload StartComplete;

    /// <summary>The payload of <see cref="QuicStreamEventType.Receive"/> (MsQuic's <c>RECEIVE</c>).</summary>
    public ReceivePayload Receive;

    /// <summary>The payload of <see cref="QuicStreamEventType.SendComplete"/> (MsQuic's <c>SEND_COMPLETE</c>).</summary>
    public SendCompletePayload SendComplete;

    /// <summary>The payload of <see cref="QuicStreamEventType.PeerSendAborted"/> (MsQuic's <c>PEER_SEND_ABORTED</c>).</summary>
    public PeerAbortedPayload PeerSendAborted;

    /// <summary>The payload of <see cref="QuicStreamEventType.PeerReceiveAborted"/> (MsQuic's <c>PEER_RECEIVE_ABORTED</c>).</summary>
    public PeerAbortedPayload PeerReceiveAborted;

    /// <summary>The payload of <see cref="QuicStreamEventType.SendShutdownComplete"/> (MsQuic's <c>SEND_SHUTDOWN_COMPLETE</c>).</summary>
    public SendShutdownCompletePayload SendShutdownComplete;

    /// <summary>The payload of <see cref="QuicStreamEventType.ShutdownComplete"/> (MsQuic's <c>SHUTDOWN_COMPLETE</c>).</summary>
    public ShutdownCompletePayload ShutdownComplete;

    /// <summary>The payload of <see cref="QuicStreamEventType.IdealSendBufferSize"/> (MsQuic's <c>IDEAL_SEND_BUFFER_SIZE</c>).</summary>
    public IdealSendBufferSizePayload IdealSendBufferSize;

    /// <summary>The payload of <see cref="QuicStreamEventType.CancelOnLoss"/> (MsQuic's <c>CANCEL_ON_LOSS</c>).</summary>
    public CancelOnLossPayload CancelOnLoss;
}
