using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Http3;

/// <summary>What the peer did to a request stream, as seen by <see cref="Http3Server"/>.</summary>
public enum Http3ServerStreamEventKind
{
    /// <summary>The client aborted its send direction (RESET_STREAM).</summary>
    PeerReset,

    /// <summary>The client aborted its receive direction (STOP_SENDING).</summary>
    PeerStopSending,

    /// <summary>The server aborted the stream because the request was malformed or incomplete.</summary>
    ProtocolError,
}

/// <summary>An abort observed on a request stream.</summary>
/// <param name="StreamId">The request stream.</param>
/// <param name="Kind">What happened.</param>
/// <param name="ErrorCode">The HTTP/3 error code carried.</param>
public readonly record struct Http3ServerStreamEvent(ulong StreamId, Http3ServerStreamEventKind Kind, ulong ErrorCode);

/// <summary>A connection of <see cref="Http3Server"/> began closing.</summary>
/// <param name="ErrorCode">The application error code (or transport code when not <paramref name="ByPeer"/>).</param>
/// <param name="ByPeer">True when the client closed it (an application CONNECTION_CLOSE).</param>
/// <param name="Status">The transport's status when the transport closed it.</param>
public readonly record struct Http3ServerConnectionClosed(ulong ErrorCode, bool ByPeer, QuicStatus Status);

/// <summary>What one connection of <see cref="Http3Server"/> negotiated and did, reported once, when its shutdown begins.</summary>
/// <param name="HandshakeInfo">The negotiated TLS parameters (QUIC_PARAM_TLS_HANDSHAKE_INFO, read at CONNECTED); null when the handshake never completed.</param>
/// <param name="SessionResumed">True when the client resumed a session (the RESUMED event).</param>
/// <param name="RequestStreams">How many request streams the client opened.</param>
/// <param name="ZeroRttRequestStreams">How many of them were opened in 0-RTT packets (PEER_STREAM_STARTED with QUIC_STREAM_OPEN_FLAG_0_RTT).</param>
/// <param name="Statistics">The connection's statistics (QUIC_PARAM_CONN_STATISTICS_V2) when its shutdown began.</param>
public sealed record Http3ServerConnectionSummary(
    QuicHandshakeInfo? HandshakeInfo,
    bool SessionResumed,
    int RequestStreams,
    int ZeroRttRequestStreams,
    QuicStatisticsV2 Statistics);
