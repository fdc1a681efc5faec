namespace QuicKestrel.Protocol.Streams;

/// <summary>Where a sent datagram stands; values match MsQuic's QUIC_DATAGRAM_SEND_STATE.</summary>
internal enum DatagramSendState : byte
{
    Unknown = 0,
    /// <summary>Put in a packet; the application's copy is no longer needed.</summary>
    Sent = 1,
    /// <summary>Its packet was declared lost; an ACK may still come.</summary>
    LostSuspect = 2,
    /// <summary>Lost for good; datagrams are never retransmitted (RFC 9221 §5.2). Final.</summary>
    LostDiscarded = 3,
    /// <summary>Final.</summary>
    Acknowledged = 4,
    /// <summary>Acknowledged after being suspected lost. Final.</summary>
    AcknowledgedSpurious = 5,
    /// <summary>Dropped before sending (queue overflow, too large for the path, disabled, closing). Final.</summary>
    Canceled = 6,
}

internal enum DatagramEventKind : byte
{
    /// <summary>A datagram's send state changed: Context, State.</summary>
    SendStateChanged,
    /// <summary>Sending became possible or impossible, or the maximum size changed: SendEnabled, MaxSendLength.</summary>
    StateChanged,
}

/// <summary>A datagram-layer event for the API layer (DATAGRAM_SEND_STATE_CHANGED / DATAGRAM_STATE_CHANGED).</summary>
internal readonly record struct DatagramEvent(
    DatagramEventKind Kind,
    object? Context,
    DatagramSendState State,
    bool SendEnabled,
    int MaxSendLength)
{
    /// <summary>MsQuic: a state of LostDiscarded or above is the last one reported for the datagram.</summary>
    public bool IsFinal => State >= DatagramSendState.LostDiscarded;
}

/// <summary>Result of offering a datagram for sending.</summary>
internal enum DatagramEnqueueResult : byte
{
    Queued,
    /// <summary>The peer does not accept DATAGRAM frames (or not yet known).</summary>
    NotEnabled,
    /// <summary>Larger than <see cref="DatagramSendQueue.MaxSendLength"/>.</summary>
    TooLarge,
}
