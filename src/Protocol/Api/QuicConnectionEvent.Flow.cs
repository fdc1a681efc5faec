using System.Security.Cryptography.X509Certificates;

namespace QuicKestrel.Protocol.Api;

public partial struct QuicConnectionEvent
{
    /// <summary>The peer raised the number of streams we may open.</summary>
    public struct StreamsAvailablePayload
    {
        /// <summary>How many more bidirectional streams may be opened now.</summary>
        public ushort BidirectionalCount { get; internal set; }

        /// <summary>How many more unidirectional streams may be opened now.</summary>
        public ushort UnidirectionalCount { get; internal set; }
    }

    /// <summary>The peer wants to open more streams than our limit allows (it sent STREAMS_BLOCKED).</summary>
    public struct PeerNeedsStreamsPayload
    {
        /// <summary>True for bidirectional streams, false for unidirectional.</summary>
        public bool Bidirectional { get; internal set; }
    }

    /// <summary>The processor (and partition) best suited to run this connection's work changed.</summary>
    public struct IdealProcessorChangedPayload
    {
        /// <summary>The processor index.</summary>
        public ushort IdealProcessor { get; internal set; }

        /// <summary>The stack's partition index for that processor.</summary>
        public ushort PartitionIndex { get; internal set; }
    }

    /// <summary>Datagram sending became possible or impossible, or its size limit changed.</summary>
    public struct DatagramStateChangedPayload
    {
        /// <summary>True when the peer accepts datagrams, so <c>DatagramSend</c> may be used.</summary>
        public bool SendEnabled { get; internal set; }

        /// <summary>The largest datagram payload, in bytes, that fits one packet now.</summary>
        public ushort MaxSendLength { get; internal set; }
    }

    /// <summary>An unreliable datagram arrived.</summary>
    public struct DatagramReceivedPayload
    {
        /// <summary>The datagram's payload; valid only during the callback.</summary>
        public QuicBuffer Buffer { get; internal set; }

        /// <summary>E.g. <see cref="QuicReceiveFlags.ZeroRtt"/> when it arrived in a 0-RTT packet.</summary>
        public QuicReceiveFlags Flags { get; internal set; }
    }

    /// <summary>A datagram given to <c>DatagramSend</c> changed state.</summary>
    public struct DatagramSendStateChangedPayload
    {
        /// <summary>
        /// The client send context passed to <c>DatagramSend</c>. Writable, as in MsQuic, so the
        /// application can swap the object it associates with the datagram until a final state.
        /// </summary>
        public object? ClientContext { get; set; }

        /// <summary>The new state; see <see cref="QuicDatagramSendStateExtensions.IsFinal"/>.</summary>
        public QuicDatagramSendState State { get; internal set; }
    }

    /// <summary>
    /// Server only: the client resumed a session. Return <see cref="QuicStatus.Success"/> to
    /// accept it, <see cref="QuicStatus.Pending"/> to decide later with
    /// <c>ConnectionResumptionTicketValidationComplete</c>, any failure to reject it (the
    /// handshake then continues as a full one and 0-RTT data is refused).
    /// </summary>
    public struct ResumedPayload
    {
        /// <summary>The application data the server put in the ticket with <c>ConnectionSendResumptionTicket</c>; valid only during the callback.</summary>
        public ReadOnlyMemory<byte> ResumptionState { get; internal set; }
    }

    /// <summary>
    /// Client only: the server issued a resumption ticket. Persist the bytes and set them with
    /// <see cref="QuicParam.ConnResumptionTicket"/> on a later connection (after
    /// <c>ConnectionOpen</c>, before <c>ConnectionStart</c>) to resume and send 0-RTT data.
    /// </summary>
    public struct ResumptionTicketReceivedPayload
    {
        /// <summary>The opaque ticket (TLS ticket, transport parameters and server data); valid only during the callback.</summary>
        public ReadOnlyMemory<byte> ResumptionTicket { get; internal set; }
    }

    /// <summary>
    /// The peer's certificate arrived (only with <see cref="QuicCredentialFlags.IndicateCertificateReceived"/>).
    /// Return <see cref="QuicStatus.Success"/> to accept it, a failure status to reject it (the
    /// handshake fails with a bad_certificate alert), or <see cref="QuicStatus.Pending"/> to
    /// decide later with <c>ConnectionCertificateValidationComplete</c>.
    /// </summary>
    public struct PeerCertificateReceivedPayload
    {
        /// <summary>
        /// The peer's end-entity certificate, or <see langword="null"/> when it sent none (a
        /// client without a certificate). Owned by the stack and valid only during the
        /// callback (or until the pending validation completes); copy it to keep it.
        /// </summary>
        public X509Certificate2? Certificate { get; internal set; }

        /// <summary>
        /// With <see cref="QuicCredentialFlags.DeferCertificateValidation"/>: every problem the
        /// stack's chain validation found (empty when none). MsQuic reports Schannel's flags
        /// here; QuicKestrel reports .NET's chain status flags.
        /// </summary>
        public X509ChainStatusFlags DeferredErrorFlags { get; internal set; }

        /// <summary>
        /// With <see cref="QuicCredentialFlags.DeferCertificateValidation"/>: the most severe
        /// validation failure (e.g. <see cref="QuicStatus.CertExpired"/>,
        /// <see cref="QuicStatus.CertUntrustedRoot"/>), or <see cref="QuicStatus.Success"/>.
        /// </summary>
        public QuicStatus DeferredStatus { get; internal set; }

        /// <summary>
        /// The further certificates the peer sent after its end-entity certificate, in the order
        /// sent; owned by the stack and valid only during the callback.
        /// </summary>
        public X509Certificate2Collection? Chain { get; internal set; }
    }
}
