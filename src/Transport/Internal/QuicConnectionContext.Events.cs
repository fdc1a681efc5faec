using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Connections;
using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Transport.Internal;

internal sealed partial class QuicConnectionContext
{
    /// <summary>The connection callback; the context is the <see cref="QuicConnectionContext"/>.</summary>
    internal static readonly QuicConnectionCallback Callback = OnEvent;

    private static QuicStatus OnEvent(QuicHandle connection, object? context, ref QuicConnectionEvent evt)
    {
        var self = (QuicConnectionContext)context!;
        try
        {
            return self.HandleEvent(ref evt);
        }
        catch (Exception ex)
        {
            // An exception must never reach the stack's worker.
            TransportLog.UnexpectedError(self._context.Logger, $"connection event {evt.Type}", ex);
            return QuicStatus.InternalError;
        }
    }

    private QuicStatus HandleEvent(ref QuicConnectionEvent evt)
    {
        switch (evt.Type)
        {
            case QuicConnectionEventType.Connected:
                OnConnected(evt.Connected.NegotiatedAlpn.Span);
                break;
            case QuicConnectionEventType.ShutdownInitiatedByTransport:
                OnShutdownByTransport(evt.ShutdownInitiatedByTransport.Status, evt.ShutdownInitiatedByTransport.ErrorCode);
                break;
            case QuicConnectionEventType.ShutdownInitiatedByPeer:
                OnShutdownByPeer(evt.ShutdownInitiatedByPeer.ErrorCode);
                break;
            case QuicConnectionEventType.ShutdownComplete:
                OnShutdownComplete();
                break;
            case QuicConnectionEventType.PeerStreamStarted:
                return OnPeerStreamStarted(ref evt.PeerStreamStarted);
            case QuicConnectionEventType.PeerCertificateReceived:
                return OnPeerCertificateReceived(evt.PeerCertificateReceived.Certificate, evt.PeerCertificateReceived.Chain);
            case QuicConnectionEventType.PeerAddressChanged:
                RemoteEndPoint = evt.PeerAddressChanged.Address;
                break;
            case QuicConnectionEventType.LocalAddressChanged:
                LocalEndPoint = evt.LocalAddressChanged.Address;
                break;
        }
        return QuicStatus.Success;
    }

    private void OnConnected(ReadOnlySpan<byte> negotiatedAlpn)
    {
        ApplicationProtocol = negotiatedAlpn.ToArray();
        if (_context.Api.GetParam(_handle, QuicParam.TlsHandshakeInfo, out QuicHandshakeInfo info).Succeeded())
            _handshakeInfo = info;
        if (ClientCertificatePolicy is { } policy && !_peerCertificateChecked
            && !policy.Accept(this, null, null, out string reason))
        {
            // The stack finished without asking us (no certificate message): apply the policy now.
            TransportLog.ClientCertificateRejected(_context.Logger, RemoteEndPoint, reason);
            CloseReason = "client certificate required";
            _context.Api.ConnectionShutdown(_handle, QuicConnectionShutdownFlags.None, (ulong)_context.Options.DefaultCloseErrorCode);
            return;
        }
        CloseReason = "connected";
        _handshake.TrySetResult(true);
    }

    private void OnShutdownByTransport(QuicStatus status, ulong errorCode)
    {
        CloseReason = $"closed by the QUIC stack: {status}, transport error 0x{errorCode:x}";
        TransportLog.ConnectionClosedByTransport(_context.Logger, ConnectionId, CloseReason);
        _handshake.TrySetResult(false);
        _inboundStreams.Writer.TryComplete(new ConnectionResetException($"The QUIC connection was {CloseReason}."));
        FireConnectionClosed();
    }

    private void OnShutdownByPeer(ulong errorCode)
    {
        long code = (long)errorCode;
        lock (_gate)
            _error ??= code;
        CloseReason = $"closed by the peer with application error code 0x{errorCode:x}";
        TransportLog.ConnectionClosedByPeer(_context.Logger, ConnectionId, code);
        _handshake.TrySetResult(false);
        _inboundStreams.Writer.TryComplete(new ConnectionResetException($"The QUIC connection was {CloseReason}."));
        FireConnectionClosed();
    }

    private void OnShutdownComplete()
    {
        if (!_handshake.Task.IsCompleted && CloseReason == "open")
            CloseReason = "closed before the handshake completed";
        _handshake.TrySetResult(false);
        _inboundStreams.Writer.TryComplete();
        FireConnectionClosed();
        _shutdownComplete.TrySetResult();
    }

    private QuicStatus OnPeerStreamStarted(ref QuicConnectionEvent.PeerStreamStartedPayload payload)
    {
        bool unidirectional = (payload.Flags & QuicStreamOpenFlags.Unidirectional) != 0;
        // Return MAX_STREAMS credit when Kestrel disposes the stream, not when QUIC is done with
        // it: the credit is Kestrel's request concurrency limit.
        payload.Flags |= QuicStreamOpenFlags.DelayIdFcUpdates;
        QuicStreamContext stream = (unidirectional ? null : RentPooledStream()) ?? new QuicStreamContext(this);
        _context.Api.GetParam(payload.Stream, QuicParam.StreamId, out ulong streamId);
        stream.InitializeInbound(payload.Stream, unidirectional, (long)streamId);
        _context.Api.SetCallbackHandler(payload.Stream, QuicStreamContext.Callback, stream);
        if (_inboundStreams.Writer.TryWrite(stream))
            return QuicStatus.Success;
        // The connection is closing: refuse the stream; the stack closes its handle.
        stream.Detach();
        return QuicStatus.Aborted;
    }

    private QuicStatus OnPeerCertificateReceived(X509Certificate2? certificate, X509Certificate2Collection? chain)
    {
        _peerCertificateChecked = true;
        ClientCertificatePolicy? policy = ClientCertificatePolicy;
        if (policy is null)
            return QuicStatus.Success;
        // The stack owns these objects only for the callback: keep copies.
        X509Certificate2? copy = certificate is null ? null : X509CertificateLoader.LoadCertificate(certificate.RawData);
        if (!policy.Accept(this, copy, chain, out string reason))
        {
            TransportLog.ClientCertificateRejected(_context.Logger, RemoteEndPoint, reason);
            copy?.Dispose();
            return QuicStatus.BadCertificate;
        }
        ClientCertificate = copy;
        return QuicStatus.Success;
    }
}
