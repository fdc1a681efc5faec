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
