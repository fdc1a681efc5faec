using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Protocol.Tests.Api.Loopback;

/// <summary>
/// A connection under test: its handle, every event it got (types, plus the payload copies tests
/// need), the streams the peer started, and an optional reaction run inside the callback.
/// </summary>
internal sealed class ConnectionPeer
{
    private readonly QuicApiTable _api;

    public ConnectionPeer(QuicApiTable api) => _api = api;

    public QuicHandle Handle { get; set; } = null!;

    public EventLog<QuicConnectionEvent> Events { get; } = new(Describe);

    /// <summary>Peer-started streams, accepted with <see cref="StreamPeer"/> handlers.</summary>
    public EventLog<StreamPeer> PeerStreams { get; } = new();

    /// <summary>Runs inside the callback before the event is recorded; its status is returned.</summary>
    public ConnectionReaction? React { get; set; }

    /// <summary>Set up each peer stream before it is accepted (e.g. to add reactions).</summary>
    public Action<StreamPeer>? ConfigurePeerStream { get; set; }

    /// <summary>Whether PEER_STREAM_STARTED is accepted (a handler set and SUCCESS).</summary>
    public bool AcceptPeerStreams { get; set; } = true;

    /// <summary>ORed into the peer stream's flags in PEER_STREAM_STARTED.</summary>
    public QuicStreamOpenFlags PeerStreamExtraFlags { get; set; }

    /// <summary>The thread the callbacks run on (the connection's worker).</summary>
    public int CallbackThreadId { get; private set; }

    public byte[]? ResumptionTicket { get; private set; }

    public QuicStatus Callback(QuicHandle connection, object? context, ref QuicConnectionEvent evt)
    {
        CallbackThreadId = Environment.CurrentManagedThreadId;
        QuicStatus status = QuicStatus.Success;
        if (evt.Type == QuicConnectionEventType.PeerStreamStarted && AcceptPeerStreams)
        {
            var stream = new StreamPeer(_api) { Handle = evt.PeerStreamStarted.Stream, OpenFlags = evt.PeerStreamStarted.Flags };
            ConfigurePeerStream?.Invoke(stream);
            _api.SetCallbackHandler(stream.Handle, stream.Callback, stream);
            evt.PeerStreamStarted.Flags |= PeerStreamExtraFlags;
            PeerStreams.Add(stream);
        }
        if (evt.Type == QuicConnectionEventType.ResumptionTicketReceived)
            ResumptionTicket = evt.ResumptionTicketReceived.ResumptionTicket.ToArray();
        if (React is not null)
            status = React(connection, ref evt);
        Events.Add(evt);
        return status;
    }

    public QuicConnectionEvent WaitFor(QuicConnectionEventType type, TimeSpan? timeout = null) =>
        Events.WaitFor(e => e.Type == type, type.ToString(), timeout);

    public static string Describe(QuicConnectionEvent e) => e.Type switch
    {
        QuicConnectionEventType.ShutdownInitiatedByTransport => $"{e.Type}({e.ShutdownInitiatedByTransport.Status}, 0x{e.ShutdownInitiatedByTransport.ErrorCode:x})",
        QuicConnectionEventType.ShutdownInitiatedByPeer => $"{e.Type}(0x{e.ShutdownInitiatedByPeer.ErrorCode:x})",
        _ => e.Type.ToString(),
    };

    public bool Has(QuicConnectionEventType type) => Events.Snapshot().Any(e => e.Type == type);

    public QuicConnectionEventType[] Types => Events.Snapshot().Select(e => e.Type).ToArray();
}

internal delegate QuicStatus ConnectionReaction(QuicHandle connection, ref QuicConnectionEvent evt);
