namespace QuicKestrel.Protocol.Api;

/// <summary>
/// Where an unreliable datagram stands, reported by DATAGRAM_SEND_STATE_CHANGED. MsQuic's
/// <c>QUIC_DATAGRAM_SEND_STATE</c>. States from <see cref="LostDiscarded"/> on are final: the
/// stack no longer tracks the datagram and its client context is released.
/// </summary>
public enum QuicDatagramSendState
{
    /// <summary>Not sent yet (<c>QUIC_DATAGRAM_SEND_UNKNOWN</c>).</summary>
    Unknown = 0,

    /// <summary>Sent and waiting for an acknowledgement (<c>QUIC_DATAGRAM_SEND_SENT</c>).</summary>
    Sent = 1,

    /// <summary>Suspected lost, but still tracked in case it is acknowledged late (<c>QUIC_DATAGRAM_SEND_LOST_SUSPECT</c>).</summary>
    LostSuspect = 2,

    /// <summary>Lost and no longer tracked; final (<c>QUIC_DATAGRAM_SEND_LOST_DISCARDED</c>).</summary>
    LostDiscarded = 3,

    /// <summary>Acknowledged by the peer; final (<c>QUIC_DATAGRAM_SEND_ACKNOWLEDGED</c>).</summary>
    Acknowledged = 4,

    /// <summary>Acknowledged after it had been suspected lost; final (<c>QUIC_DATAGRAM_SEND_ACKNOWLEDGED_SPURIOUS</c>).</summary>
    AcknowledgedSpurious = 5,

    /// <summary>Canceled before it was sent; final (<c>QUIC_DATAGRAM_SEND_CANCELED</c>).</summary>
    Canceled = 6,
}

/// <summary>Helpers for <see cref="QuicDatagramSendState"/>.</summary>
public static class QuicDatagramSendStateExtensions
{
    /// <param name="state">The state reported by DATAGRAM_SEND_STATE_CHANGED.</param>
    extension(QuicDatagramSendState state)
    {
        /// <summary>
        /// True when no further state change will be reported for the datagram
        /// (MsQuic's <c>QUIC_DATAGRAM_SEND_STATE_IS_FINAL</c>: state ≥ LOST_DISCARDED).
        /// </summary>
        public bool IsFinal() => state >= QuicDatagramSendState.LostDiscarded;
    }
}
