namespace QuicKestrel.Protocol.Api;

public partial struct QuicStreamEvent
{
    /// <summary>
    /// <c>StreamStart</c> finished. Always delivered after <c>StreamStart</c>; when the start
    /// failed it is the only event, and the application cleans up with <c>StreamClose</c>.
    /// </summary>
    public struct StartCompletePayload
    {
        /// <summary>The result: <see cref="QuicStatus.Success"/>, or e.g. <see cref="QuicStatus.StreamLimitReached"/>, <see cref="QuicStatus.Aborted"/>.</summary>
        public QuicStatus Status { get; internal set; }

        /// <summary>The stream ID assigned at start (RFC 9000 §2.1); meaningful when <see cref="Status"/> succeeded.</summary>
        public ulong ID { get; internal set; }

        /// <summary>True when the peer's stream limit already admits the stream.</summary>
        public bool PeerAccepted { get; internal set; }
    }

    /// <summary>
    /// Data arrived, as one or more buffers in stream order starting at <see cref="AbsoluteOffset"/>.
    /// The callback decides how much it consumed:
    /// <list type="bullet">
    /// <item>return <see cref="QuicStatus.Success"/> and leave <see cref="TotalBufferLength"/>: all consumed;</item>
    /// <item>return <see cref="QuicStatus.Success"/> with <see cref="TotalBufferLength"/> lowered: partly consumed,
    /// and receive events pause until <c>StreamReceiveSetEnabled(stream, true)</c>;</item>
    /// <item>return <see cref="QuicStatus.Continue"/> with <see cref="TotalBufferLength"/> lowered: partly consumed,
    /// deliver the rest at once;</item>
    /// <item>return <see cref="QuicStatus.Pending"/>: the application keeps <see cref="Buffers"/> (they stay
    /// valid) and later calls <c>StreamReceiveComplete(stream, consumed)</c> exactly once.</item>
    /// </list>
    /// </summary>
    public struct ReceivePayload
    {
        /// <summary>The stream offset of the first byte of <see cref="Buffers"/>.</summary>
        public ulong AbsoluteOffset { get; internal set; }

        /// <summary>
        /// In: the total length of <see cref="Buffers"/>. Out (writable): how many bytes the
        /// application consumed, from the start; at most the value passed in.
        /// </summary>
        public ulong TotalBufferLength { get; set; }

        /// <summary>
        /// The data, in order. Valid during the callback, and after it until
        /// <c>StreamReceiveComplete</c> when the callback returned <see cref="QuicStatus.Pending"/>.
        /// </summary>
        public ReadOnlyMemory<QuicBuffer> Buffers { get; internal set; }

        /// <summary>The number of entries of <see cref="Buffers"/> (MsQuic's <c>BufferCount</c>); 0 for a FIN without data.</summary>
        public uint BufferCount { get; internal set; }

        /// <summary><see cref="QuicReceiveFlags.Fin"/> when the data ends the stream, <see cref="QuicReceiveFlags.ZeroRtt"/> when it arrived in 0-RTT.</summary>
        public QuicReceiveFlags Flags { get; internal set; }
    }

    /// <summary>
    /// The stack no longer needs the buffers of one <c>StreamSend</c>: ownership returns to the
    /// application. This is not an acknowledgement by the peer; with send buffering (the
    /// default) it follows the send at once, because the data was copied.
    /// </summary>
    public struct SendCompletePayload
    {
        /// <summary>True when the data was not all sent because the send direction was aborted or the stream shut down.</summary>
        public bool Canceled { get; internal set; }

        /// <summary>The client send context given to <c>StreamSend</c>.</summary>
        public object? ClientContext { get; internal set; }
    }

    /// <summary>The peer aborted one direction of the stream.</summary>
    public struct PeerAbortedPayload
    {
        /// <summary>The application error code the peer sent (in RESET_STREAM or STOP_SENDING).</summary>
        public ulong ErrorCode { get; internal set; }
    }

    /// <summary>Our send direction is closed.</summary>
    public struct SendShutdownCompletePayload
    {
        /// <summary>True when it closed gracefully (FIN sent and all data acknowledged), false when it was aborted.</summary>
        public bool Graceful { get; internal set; }
    }

    /// <summary>
    /// Both directions are closed: always the last event of the stream. The application may now
    /// call <c>StreamClose</c>.
    /// </summary>
    public struct ShutdownCompletePayload
    {
        /// <summary>True when the stream ended because its connection shut down.</summary>
        public bool ConnectionShutdown { get; internal set; }

        /// <summary>True when the shutdown was completed by <c>StreamClose</c>, so the handle is already being closed.</summary>
        public bool AppCloseInProgress { get; internal set; }

        /// <summary>With <see cref="ConnectionShutdown"/>: true when the local application shut the connection down.</summary>
        public bool ConnectionShutdownByApp { get; internal set; }

        /// <summary>With <see cref="ConnectionShutdown"/>: true when the peer closed the connection.</summary>
        public bool ConnectionClosedRemotely { get; internal set; }

        /// <summary>With <see cref="ConnectionShutdown"/>: the connection's error code (application or transport).</summary>
        public ulong ConnectionErrorCode { get; internal set; }

        /// <summary>With <see cref="ConnectionShutdown"/>: the connection's close status.</summary>
        public QuicStatus ConnectionCloseStatus { get; internal set; }
    }

    /// <summary>How much unacknowledged data the application should keep queued to fill the path, so sends never starve it.</summary>
    public struct IdealSendBufferSizePayload
    {
        /// <summary>The ideal amount of queued send data, in bytes.</summary>
        public ulong ByteCount { get; internal set; }
    }

    /// <summary>Data sent with <see cref="QuicSendFlags.CancelOnLoss"/> was lost: the stream is being aborted.</summary>
    public struct CancelOnLossPayload
    {
        /// <summary>Out (writable): the application error code to abort the stream with; 0 unless set.</summary>
        public ulong ErrorCode { get; set; }
    }
}
