namespace QuicKestrel.Protocol.Streams;

/// <summary>
/// One stream's transport state: its ID, its send and/or receive part, its priority, and the
/// links the manager uses to queue it without allocating. The API layer keeps a reference
/// (and may hang its own handle on <see cref="Owner"/>); all changes go through
/// <see cref="StreamManager"/>, which keeps scheduling and cleanup consistent.
/// </summary>
internal sealed class QuicStream
{
    /// <summary>MsQuic's default stream priority (QUIC_PARAM_STREAM_PRIORITY).</summary>
    public const ushort DefaultPriority = 0x7FFF;

    internal QuicStream(long id, bool isServer, SendStream? send, ReceiveStream? receive)
    {
        Id = id;
        IsLocal = StreamId.IsLocal(id, isServer);
        Send = send;
        Receive = receive;
    }

    public long Id { get; }

    public bool IsLocal { get; }

    public bool IsBidirectional => StreamId.IsBidirectional(Id);

    public StreamType Type => StreamId.TypeOf(Id);

    /// <summary>The sending part; null on a peer's unidirectional stream.</summary>
    public SendStream? Send { get; }

    /// <summary>The receiving part; null on our own unidirectional stream.</summary>
    public ReceiveStream? Receive { get; }

    /// <summary>0..0xFFFF, higher is sent first. Change it with <see cref="StreamManager.SetPriority"/>.</summary>
    public ushort Priority { get; internal set; } = DefaultPriority;

    /// <summary>
    /// MsQuic's DELAY_ID_FC_UPDATES: a peer stream's MAX_STREAMS credit is returned when the
    /// application releases it (<see cref="StreamManager.ReleaseStream"/>), not when it closes.
    /// </summary>
    public bool DelayIdCreditRelease { get; set; }

    /// <summary>Free for the API layer (its stream handle).</summary>
    public object? Owner { get; set; }

    /// <summary>Both directions finished; the stream has left the manager.</summary>
    public bool IsClosed { get; internal set; }

    /// <summary>The application released the stream (StreamClose).</summary>
    public bool IsReleased { get; internal set; }

    // Peer streams: the MAX_STREAMS credit for this stream has been given back.
    internal bool CreditReturned;

    // Send queue (priority round-robin) links and cached scheduling facts.
    internal QuicStream? SendNext, SendPrev;
    internal bool InSendQueue;
    internal bool CountedCreditFree;
    internal bool CountedCreditWaiter;

    // Control-frame queue links (FIFO).
    internal QuicStream? ControlNext, ControlPrev;
    internal bool InControlQueue;

    // A DataAvailable event is queued and not yet polled.
    internal bool DataEventQueued;
}
