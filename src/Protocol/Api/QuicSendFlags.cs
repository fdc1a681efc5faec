namespace QuicKestrel.Protocol.Api;

/// <summary>Options for <c>StreamSend</c> and <c>DatagramSend</c>. MsQuic's <c>QUIC_SEND_FLAGS</c>, with its values.</summary>
[Flags]
public enum QuicSendFlags
{
    /// <summary>No option (<c>QUIC_SEND_FLAG_NONE</c>).</summary>
    None = 0x0000,

    /// <summary>The data may be sent in 0-RTT packets if 0-RTT keys are available (<c>QUIC_SEND_FLAG_ALLOW_0_RTT</c>).</summary>
    AllowZeroRtt = 0x0001,

    /// <summary>Start the stream (as <c>StreamStart</c> with no flags) if it is not started yet (<c>QUIC_SEND_FLAG_START</c>).</summary>
    Start = 0x0002,

    /// <summary>This is the last data of the stream: the send direction closes gracefully with it (<c>QUIC_SEND_FLAG_FIN</c>).</summary>
    Fin = 0x0004,

    /// <summary>A datagram to send ahead of previously queued datagrams (<c>QUIC_SEND_FLAG_DGRAM_PRIORITY</c>).</summary>
    DgramPriority = 0x0008,

    /// <summary>More data follows soon: hold this send briefly so it can share packets with it (<c>QUIC_SEND_FLAG_DELAY_SEND</c>).</summary>
    DelaySend = 0x0010,

    /// <summary>
    /// If a packet carrying this data is lost, cancel the stream instead of retransmitting;
    /// the app picks the error code in the CANCEL_ON_LOSS event (<c>QUIC_SEND_FLAG_CANCEL_ON_LOSS</c>).
    /// </summary>
    CancelOnLoss = 0x0020,

    /// <summary>Process this send ahead of other queued work of the connection (<c>QUIC_SEND_FLAG_PRIORITY_WORK</c>).</summary>
    PriorityWork = 0x0040,

    /// <summary>Drop the frame rather than queue it when it cannot be sent immediately (<c>QUIC_SEND_FLAG_CANCEL_ON_BLOCKED</c>).</summary>
    CancelOnBlocked = 0x0080,
}
