namespace QuicKestrel.Protocol.Api;

/// <summary>
/// Options for <c>StreamOpen</c>, and the kind of a stream the peer started
/// (<see cref="QuicConnectionEvent.PeerStreamStartedPayload.Flags"/>). MsQuic's
/// <c>QUIC_STREAM_OPEN_FLAGS</c>, with its values.
/// </summary>
[Flags]
public enum QuicStreamOpenFlags
{
    /// <summary>A bidirectional stream (<c>QUIC_STREAM_OPEN_FLAG_NONE</c>).</summary>
    None = 0x0000,

    /// <summary>A unidirectional stream: the opener sends, the peer only receives (<c>QUIC_STREAM_OPEN_FLAG_UNIDIRECTIONAL</c>).</summary>
    Unidirectional = 0x0001,

    /// <summary>
    /// The stream may be sent in 0-RTT; on a peer-started stream, it arrived in a 0-RTT
    /// packet (<c>QUIC_STREAM_OPEN_FLAG_0_RTT</c>).
    /// </summary>
    ZeroRtt = 0x0002,

    /// <summary>
    /// Return the peer's stream-count credit for this stream (its MAX_STREAMS update) only at
    /// <c>StreamClose</c>, not when the stream shuts down
    /// (<c>QUIC_STREAM_OPEN_FLAG_DELAY_ID_FC_UPDATES</c>). A server may OR it into a
    /// peer-started stream's flags in the PEER_STREAM_STARTED callback.
    /// </summary>
    DelayIdFcUpdates = 0x0004,

    /// <summary>
    /// MsQuic preview: the application supplies every receive buffer
    /// (<c>QUIC_STREAM_OPEN_FLAG_APP_OWNED_BUFFERS</c>). QuicKestrel has no
    /// <c>StreamProvideReceiveBuffers</c>, so <c>StreamOpen</c> rejects this flag with
    /// <see cref="QuicStatus.NotSupported"/>.
    /// </summary>
    AppOwnedBuffers = 0x0008,
}
