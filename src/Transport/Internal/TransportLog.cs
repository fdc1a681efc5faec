using System.Net;
using Microsoft.Extensions.Logging;

namespace QuicKestrel.Transport.Internal;

/// <summary>The transport's log messages, defined once so logging allocates no formatter per call.</summary>
internal static class TransportLog
{
    private static readonly Action<ILogger, EndPoint, Exception?> s_listenerStarted =
        LoggerMessage.Define<EndPoint>(LogLevel.Debug, new EventId(1, "ListenerStarted"), "QUIC listener started on {EndPoint}.");

    private static readonly Action<ILogger, EndPoint, Exception?> s_listenerStopped =
        LoggerMessage.Define<EndPoint>(LogLevel.Debug, new EventId(2, "ListenerStopped"), "QUIC listener on {EndPoint} stopped.");

    private static readonly Action<ILogger, EndPoint?, string, Exception?> s_handshakeFailed =
        LoggerMessage.Define<EndPoint?, string>(LogLevel.Debug, new EventId(3, "HandshakeFailed"), "QUIC handshake with {RemoteEndPoint} failed: {Reason}");

    private static readonly Action<ILogger, EndPoint?, Exception?> s_tlsCallbackFailed =
        LoggerMessage.Define<EndPoint?>(LogLevel.Warning, new EventId(4, "TlsCallbackFailed"), "The TLS options for the QUIC connection from {RemoteEndPoint} could not be applied.");

    private static readonly Action<ILogger, EndPoint?, int, Exception?> s_backlogFull =
        LoggerMessage.Define<EndPoint?, int>(LogLevel.Warning, new EventId(5, "BacklogFull"), "Refused the QUIC connection from {RemoteEndPoint}: {Backlog} connections are already waiting to be accepted.");

    private static readonly Action<ILogger, string, EndPoint?, Exception?> s_connectionAccepted =
        LoggerMessage.Define<string, EndPoint?>(LogLevel.Debug, new EventId(6, "ConnectionAccepted"), "Connection id \"{ConnectionId}\": accepted QUIC connection from {RemoteEndPoint}.");

    private static readonly Action<ILogger, string, long, Exception?> s_connectionClosedByPeer =
        LoggerMessage.Define<string, long>(LogLevel.Debug, new EventId(7, "ConnectionClosedByPeer"), "Connection id \"{ConnectionId}\": the peer closed the connection with error code {ErrorCode}.");

    private static readonly Action<ILogger, string, string, Exception?> s_connectionClosedByTransport =
        LoggerMessage.Define<string, string>(LogLevel.Debug, new EventId(8, "ConnectionClosedByTransport"), "Connection id \"{ConnectionId}\": the QUIC stack closed the connection ({Status}).");

    private static readonly Action<ILogger, string, long, string, Exception?> s_connectionAbort =
        LoggerMessage.Define<string, long, string>(LogLevel.Debug, new EventId(9, "ConnectionAbort"), "Connection id \"{ConnectionId}\": aborting the connection with error code {ErrorCode}: {Reason}");

    private static readonly Action<ILogger, string, long, Exception?> s_streamResetByPeer =
        LoggerMessage.Define<string, long>(LogLevel.Debug, new EventId(10, "StreamResetByPeer"), "Stream id \"{ConnectionId}\": the peer aborted the stream with error code {ErrorCode}.");

    private static readonly Action<ILogger, string, long, string, Exception?> s_streamAbort =
        LoggerMessage.Define<string, long, string>(LogLevel.Debug, new EventId(11, "StreamAbort"), "Stream id \"{ConnectionId}\": aborting the stream with error code {ErrorCode}: {Reason}");

    private static readonly Action<ILogger, string, Exception?> s_unexpectedError =
        LoggerMessage.Define<string>(LogLevel.Error, new EventId(12, "UnexpectedError"), "Unexpected error in the QUIC transport ({Where}).");

    private static readonly Action<ILogger, EndPoint?, string, Exception?> s_clientCertificateRejected =
        LoggerMessage.Define<EndPoint?, string>(LogLevel.Debug, new EventId(13, "ClientCertificateRejected"), "Rejected the client certificate of {RemoteEndPoint}: {Reason}");

    public static void ListenerStarted(ILogger logger, EndPoint endPoint) => s_listenerStarted(logger, endPoint, null);

    public static void ListenerStopped(ILogger logger, EndPoint endPoint) => s_listenerStopped(logger, endPoint, null);

    public static void HandshakeFailed(ILogger logger, EndPoint? remote, string reason) => s_handshakeFailed(logger, remote, reason, null);

    public static void TlsCallbackFailed(ILogger logger, EndPoint? remote, Exception exception) => s_tlsCallbackFailed(logger, remote, exception);

    public static void BacklogFull(ILogger logger, EndPoint? remote, int backlog) => s_backlogFull(logger, remote, backlog, null);

    public static void ConnectionAccepted(ILogger logger, string id, EndPoint? remote) => s_connectionAccepted(logger, id, remote, null);

    public static void ConnectionClosedByPeer(ILogger logger, string id, long errorCode) => s_connectionClosedByPeer(logger, id, errorCode, null);

    public static void ConnectionClosedByTransport(ILogger logger, string id, string status) => s_connectionClosedByTransport(logger, id, status, null);

    public static void ConnectionAbort(ILogger logger, string id, long errorCode, string reason) => s_connectionAbort(logger, id, errorCode, reason, null);

    public static void StreamResetByPeer(ILogger logger, string id, long errorCode) => s_streamResetByPeer(logger, id, errorCode, null);

    public static void StreamAbort(ILogger logger, string id, long errorCode, string reason) => s_streamAbort(logger, id, errorCode, reason, null);

    public static void UnexpectedError(ILogger logger, string where, Exception exception) => s_unexpectedError(logger, where, exception);

    public static void ClientCertificateRejected(ILogger logger, EndPoint? remote, string reason) => s_clientCertificateRejected(logger, remote, reason, null);
}
