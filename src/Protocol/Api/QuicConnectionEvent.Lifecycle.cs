namespace QuicKestrel.Protocol.Api;

public partial struct QuicConnectionEvent
{
    /// <summary>The handshake completed and application data can flow both ways.</summary>
    public struct ConnectedPayload
    {
        /// <summary>True when the connection resumed an earlier TLS session (a ticket was accepted).</summary>
        public bool SessionResumed { get; internal set; }

        /// <summary>The ALPN both sides agreed on; valid only during the callback.</summary>
        public ReadOnlyMemory<byte> NegotiatedAlpn { get; internal set; }
    }

    /// <summary>The transport is closing the connection on its own (idle timeout, protocol error, handshake failure, ...).</summary>
    public struct ShutdownInitiatedByTransportPayload
    {
        /// <summary>Why, as a status (e.g. <see cref="QuicStatus.ConnectionIdle"/>, <see cref="QuicStatus.ConnectionTimeout"/>, a TLS alert status).</summary>
        public QuicStatus Status { get; internal set; }

        /// <summary>The QUIC transport error code sent or received in CONNECTION_CLOSE (RFC 9000 §20.1).</summary>
        public ulong ErrorCode { get; internal set; }
    }

    /// <summary>The peer application closed the connection (an application CONNECTION_CLOSE).</summary>
    public struct ShutdownInitiatedByPeerPayload
    {
        /// <summary>The application error code the peer sent.</summary>
        public ulong ErrorCode { get; internal set; }
    }

    /// <summary>
    /// Shutdown has completed: always the last event of the connection, after every stream's
    /// SHUTDOWN_COMPLETE. The application may now call <c>ConnectionClose</c>.
    /// </summary>
    public struct ShutdownCompletePayload
    {
        /// <summary>True when the handshake had completed before the shutdown.</summary>
        public bool HandshakeCompleted { get; internal set; }

        /// <summary>True when the peer acknowledged our CONNECTION_CLOSE.</summary>
        public bool PeerAcknowledgedShutdown { get; internal set; }

        /// <summary>True when the shutdown was completed by <c>ConnectionClose</c>, so the handle is already being closed.</summary>
        public bool AppCloseInProgress { get; internal set; }
    }

    /// <summary>The local or the peer's address of the connection's active path changed.</summary>
    public struct AddressChangedPayload
    {
        /// <summary>The new address.</summary>
        public System.Net.IPEndPoint Address { get; internal set; }
    }

    /// <summary>
    /// The peer opened a stream. To accept it, call <c>SetCallbackHandler</c> on
    /// <see cref="Stream"/> and return <see cref="QuicStatus.Success"/>; the application then
    /// owns the handle and closes it with <c>StreamClose</c>. Returning a failure status refuses
    /// the stream, and the stack closes it.
    /// </summary>
    public struct PeerStreamStartedPayload
    {
        /// <summary>The new stream.</summary>
        public QuicHandle Stream { get; internal set; }

        /// <summary>
        /// Its kind (<see cref="QuicStreamOpenFlags.Unidirectional"/>, <see cref="QuicStreamOpenFlags.ZeroRtt"/>).
        /// Writable: the application may OR in <see cref="QuicStreamOpenFlags.DelayIdFcUpdates"/>.
        /// </summary>
        public QuicStreamOpenFlags Flags { get; set; }
    }
}
