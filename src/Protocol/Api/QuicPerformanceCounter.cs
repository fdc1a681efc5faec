namespace QuicKestrel.Protocol.Api;

/// <summary>
/// Indexes into the process-wide counters read with <see cref="QuicParam.GlobalPerfCounters"/>
/// (an array of 64-bit values). MsQuic's <c>QUIC_PERFORMANCE_COUNTERS</c>, with its values.
/// </summary>
public enum QuicPerformanceCounter
{
    /// <summary>Connections ever allocated (<c>QUIC_PERF_COUNTER_CONN_CREATED</c>).</summary>
    ConnCreated = 0,

    /// <summary>Connections that failed during the handshake (<c>QUIC_PERF_COUNTER_CONN_HANDSHAKE_FAIL</c>).</summary>
    ConnHandshakeFail = 1,

    /// <summary>Connections the application rejected (<c>QUIC_PERF_COUNTER_CONN_APP_REJECT</c>).</summary>
    ConnAppReject = 2,

    /// <summary>Connections resumed (<c>QUIC_PERF_COUNTER_CONN_RESUMED</c>).</summary>
    ConnResumed = 3,

    /// <summary>Connections currently allocated (<c>QUIC_PERF_COUNTER_CONN_ACTIVE</c>).</summary>
    ConnActive = 4,

    /// <summary>Connections currently connected (<c>QUIC_PERF_COUNTER_CONN_CONNECTED</c>).</summary>
    ConnConnected = 5,

    /// <summary>Connections shut down with a protocol error (<c>QUIC_PERF_COUNTER_CONN_PROTOCOL_ERRORS</c>).</summary>
    ConnProtocolErrors = 6,

    /// <summary>Connection attempts with no matching ALPN (<c>QUIC_PERF_COUNTER_CONN_NO_ALPN</c>).</summary>
    ConnNoAlpn = 7,

    /// <summary>Streams currently allocated (<c>QUIC_PERF_COUNTER_STRM_ACTIVE</c>).</summary>
    StrmActive = 8,

    /// <summary>Packets suspected lost (<c>QUIC_PERF_COUNTER_PKTS_SUSPECTED_LOST</c>).</summary>
    PktsSuspectedLost = 9,

    /// <summary>Packets dropped for any reason (<c>QUIC_PERF_COUNTER_PKTS_DROPPED</c>).</summary>
    PktsDropped = 10,

    /// <summary>Packets that failed to decrypt (<c>QUIC_PERF_COUNTER_PKTS_DECRYPTION_FAIL</c>).</summary>
    PktsDecryptionFail = 11,

    /// <summary>UDP datagrams received (<c>QUIC_PERF_COUNTER_UDP_RECV</c>).</summary>
    UdpRecv = 12,

    /// <summary>UDP datagrams sent (<c>QUIC_PERF_COUNTER_UDP_SEND</c>).</summary>
    UdpSend = 13,

    /// <summary>UDP payload bytes received (<c>QUIC_PERF_COUNTER_UDP_RECV_BYTES</c>).</summary>
    UdpRecvBytes = 14,

    /// <summary>UDP payload bytes sent (<c>QUIC_PERF_COUNTER_UDP_SEND_BYTES</c>).</summary>
    UdpSendBytes = 15,

    /// <summary>UDP receive completions (batches) (<c>QUIC_PERF_COUNTER_UDP_RECV_EVENTS</c>).</summary>
    UdpRecvEvents = 16,

    /// <summary>UDP send system calls (<c>QUIC_PERF_COUNTER_UDP_SEND_CALLS</c>).</summary>
    UdpSendCalls = 17,

    /// <summary>Bytes the applications sent (<c>QUIC_PERF_COUNTER_APP_SEND_BYTES</c>).</summary>
    AppSendBytes = 18,

    /// <summary>Bytes the applications received (<c>QUIC_PERF_COUNTER_APP_RECV_BYTES</c>).</summary>
    AppRecvBytes = 19,

    /// <summary>Connections currently queued for processing (<c>QUIC_PERF_COUNTER_CONN_QUEUE_DEPTH</c>).</summary>
    ConnQueueDepth = 20,

    /// <summary>Connection operations currently queued (<c>QUIC_PERF_COUNTER_CONN_OPER_QUEUE_DEPTH</c>).</summary>
    ConnOperQueueDepth = 21,

    /// <summary>Connection operations ever queued (<c>QUIC_PERF_COUNTER_CONN_OPER_QUEUED</c>).</summary>
    ConnOperQueued = 22,

    /// <summary>Connection operations ever completed (<c>QUIC_PERF_COUNTER_CONN_OPER_COMPLETED</c>).</summary>
    ConnOperCompleted = 23,

    /// <summary>Worker operations currently queued (<c>QUIC_PERF_COUNTER_WORK_OPER_QUEUE_DEPTH</c>).</summary>
    WorkOperQueueDepth = 24,

    /// <summary>Worker operations ever queued (<c>QUIC_PERF_COUNTER_WORK_OPER_QUEUED</c>).</summary>
    WorkOperQueued = 25,

    /// <summary>Worker operations ever completed (<c>QUIC_PERF_COUNTER_WORK_OPER_COMPLETED</c>).</summary>
    WorkOperCompleted = 26,

    /// <summary>Path validations that succeeded (<c>QUIC_PERF_COUNTER_PATH_VALIDATED</c>).</summary>
    PathValidated = 27,

    /// <summary>Path validations that failed (<c>QUIC_PERF_COUNTER_PATH_FAILURE</c>).</summary>
    PathFailure = 28,

    /// <summary>Stateless resets sent (<c>QUIC_PERF_COUNTER_SEND_STATELESS_RESET</c>).</summary>
    SendStatelessReset = 29,

    /// <summary>Retry packets sent (<c>QUIC_PERF_COUNTER_SEND_STATELESS_RETRY</c>).</summary>
    SendStatelessRetry = 30,

    /// <summary>Connections rejected because the workers were overloaded (<c>QUIC_PERF_COUNTER_CONN_LOAD_REJECT</c>).</summary>
    ConnLoadReject = 31,

    /// <summary>Listeners currently queued for processing (<c>QUIC_PERF_COUNTER_LISTEN_QUEUE_DEPTH</c>).</summary>
    ListenQueueDepth = 32,

    /// <summary>
    /// The number of counters, the length of the <see cref="QuicParam.GlobalPerfCounters"/>
    /// array (<c>QUIC_PERF_COUNTER_MAX</c> without MsQuic's preview counters).
    /// </summary>
    Max = 33,
}
