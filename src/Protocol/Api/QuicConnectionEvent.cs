namespace QuicKestrel.Protocol.Api;

/// <summary>
/// An event delivered to a <see cref="QuicConnectionCallback"/>: MsQuic's
/// <c>QUIC_CONNECTION_EVENT</c>. <see cref="Type"/> names the event and the one payload field
/// that is meaningful (each named after MsQuic's union member: <c>evt.Connected.SessionResumed</c>,
/// <c>evt.PeerStreamStarted.Stream</c>, ...); the other payload fields hold stale values. The
/// stack reuses one instance per connection and fills it in place, so delivering an event
/// allocates nothing; it is passed by reference, and the members marked writable are read
/// back after the callback returns.
/// </summary>
public partial struct QuicConnectionEvent
{
    /// <summary>Which event this is, and so which payload field to read.</summary>
    public QuicConnectionEventType Type;

    /// <summary>The payload of <see cref="QuicConnectionEventType.Connected"/> (MsQuic's <c>CONNECTED</c>).</summary>
    public ConnectedPayload Connected;

    /// <summary>The payload of <see cref="QuicConnectionEventType.ShutdownInitiatedByTransport"/> (MsQuic's <c>SHUTDOWN_INITIATED_BY_TRANSPORT</c>).</summary>
    public ShutdownInitiatedByTransportPayload ShutdownInitiatedByTransport;

    /// <summary>The payload of <see cref="QuicConnectionEventType.ShutdownInitiatedByPeer"/> (MsQuic's <c>SHUTDOWN_INITIATED_BY_PEER</c>).</summary>
    public ShutdownInitiatedByPeerPayload ShutdownInitiatedByPeer;

    /// <summary>The payload of <see cref="QuicConnectionEventType.ShutdownComplete"/> (MsQuic's <c>SHUTDOWN_COMPLETE</c>).</summary>
    public ShutdownCompletePayload ShutdownComplete;

    /// <summary>The payload of <see cref="QuicConnectionEventType.LocalAddressChanged"/> (MsQuic's <c>LOCAL_ADDRESS_CHANGED</c>).</summary>
    public AddressChangedPayload LocalAddressChanged;

    /// <summary>The payload of <see cref="QuicConnectionEventType.PeerAddressChanged"/> (MsQuic's <c>PEER_ADDRESS_CHANGED</c>).</summary>
    public AddressChangedPayload PeerAddressChanged;

    /// <summary>The payload of <see cref="QuicConnectionEventType.PeerStreamStarted"/> (MsQuic's <c>PEER_STREAM_STARTED</c>).</summary>
    public PeerStreamStartedPayload PeerStreamStarted;

    /// <summary>The payload of <see cref="QuicConnectionEventType.StreamsAvailable"/> (MsQuic's <c>STREAMS_AVAILABLE</c>).</summary>
    public StreamsAvailablePayload StreamsAvailable;

    /// <summary>The payload of <see cref="QuicConnectionEventType.PeerNeedsStreams"/> (MsQuic's <c>PEER_NEEDS_STREAMS</c>).</summary>
    public PeerNeedsStreamsPayload PeerNeedsStreams;

    /// <summary>The payload of <see cref="QuicConnectionEventType.IdealProcessorChanged"/> (MsQuic's <c>IDEAL_PROCESSOR_CHANGED</c>).</summary>
    public IdealProcessorChangedPayload IdealProcessorChanged;

    /// <summary>The payload of <see cref="QuicConnectionEventType.DatagramStateChanged"/> (MsQuic's <c>DATAGRAM_STATE_CHANGED</c>).</summary>
    public DatagramStateChangedPayload DatagramStateChanged;

    /// <summary>The payload of <see cref="QuicConnectionEventType.DatagramReceived"/> (MsQuic's <c>DATAGRAM_RECEIVED</c>).</summary>
    public DatagramReceivedPayload DatagramReceived;

    /// <summary>The payload of <see cref="QuicConnectionEventType.DatagramSendStateChanged"/> (MsQuic's <c>DATAGRAM_SEND_STATE_CHANGED</c>).</summary>
    public DatagramSendStateChangedPayload DatagramSendStateChanged;

    /// <summary>The payload of <see cref="QuicConnectionEventType.Resumed"/> (MsQuic's <c>RESUMED</c>).</summary>
    public ResumedPayload Resumed;

    /// <summary>The payload of <see cref="QuicConnectionEventType.ResumptionTicketReceived"/> (MsQuic's <c>RESUMPTION_TICKET_RECEIVED</c>).</summary>
    public ResumptionTicketReceivedPayload ResumptionTicketReceived;

    /// <summary>The payload of <see cref="QuicConnectionEventType.PeerCertificateReceived"/> (MsQuic's <c>PEER_CERTIFICATE_RECEIVED</c>).</summary>
    public PeerCertificateReceivedPayload PeerCertificateReceived;
}
