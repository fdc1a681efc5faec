namespace QuicKestrel.Protocol.Api;

/// <summary>
/// An event delivered to a <see cref="QuicListenerCallback"/>: MsQuic's
/// <c>QUIC_LISTENER_EVENT</c>. <see cref="Type"/> names the event and the one payload field
/// that is meaningful (named after MsQuic's union member); the other payload fields hold stale
/// values. The stack reuses one instance per listener and fills it in place, so delivering an
/// event allocates nothing; it is passed by reference and valid only during the callback.
/// </summary>
public struct QuicListenerEvent
{
    /// <summary>Which event this is, and so which payload field to read.</summary>
    public QuicListenerEventType Type;

    /// <summary>The payload of <see cref="QuicListenerEventType.NewConnection"/> (MsQuic's <c>NEW_CONNECTION</c>).</summary>
    public NewConnectionPayload NewConnection;

    /// <summary>The payload of <see cref="QuicListenerEventType.StopComplete"/> (MsQuic's <c>STOP_COMPLETE</c>).</summary>
    public StopCompletePayload StopComplete;

    /// <summary>The payload of <see cref="QuicListenerEventType.DosModeChanged"/> (MsQuic's <c>DOS_MODE_CHANGED</c>).</summary>
    public DosModeChangedPayload DosModeChanged;

    /// <summary>
    /// A client is connecting. To accept, call <c>SetCallbackHandler</c> on
    /// <see cref="Connection"/> (and usually <c>ConnectionSetConfiguration</c>, here or later)
    /// and return <see cref="QuicStatus.Success"/>. Returning a failure status rejects the
    /// connection; the stack then closes it, and the application must not.
    /// </summary>
    public struct NewConnectionPayload
    {
        /// <summary>What is known about the connection attempt (MsQuic's <c>Info</c>).</summary>
        public QuicNewConnectionInfo Info { get; internal set; }

        /// <summary>The new server-side connection; once accepted, the application owns it and closes it with <c>ConnectionClose</c>.</summary>
        public QuicHandle Connection { get; internal set; }
    }

    /// <summary>The listener has stopped; the handle may now be closed.</summary>
    public struct StopCompletePayload
    {
        /// <summary>True when the stop was caused by <c>ListenerClose</c>, so the handle is already being closed.</summary>
        public bool AppCloseInProgress { get; internal set; }
    }

    /// <summary>Denial-of-service mode changed; only delivered when enabled with <see cref="QuicParam.DosModeEvents"/>.</summary>
    public struct DosModeChangedPayload
    {
        /// <summary>True when the stack entered DoS mitigation (e.g. answering new clients with Retry), false when it left it.</summary>
        public bool DosModeEnabled { get; internal set; }
    }
}
