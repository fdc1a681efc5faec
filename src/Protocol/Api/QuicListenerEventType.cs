namespace QuicKestrel.Protocol.Api;

/// <summary>The kind of a <see cref="QuicListenerEvent"/>. MsQuic's <c>QUIC_LISTENER_EVENT_TYPE</c>, with its values.</summary>
public enum QuicListenerEventType
{
    /// <summary>A client is connecting; payload <see cref="QuicListenerEvent.NewConnection"/> (<c>QUIC_LISTENER_EVENT_NEW_CONNECTION</c>).</summary>
    NewConnection = 0,

    /// <summary><c>ListenerStop</c> has finished: no further event follows; payload <see cref="QuicListenerEvent.StopComplete"/> (<c>QUIC_LISTENER_EVENT_STOP_COMPLETE</c>).</summary>
    StopComplete = 1,

    /// <summary>Denial-of-service mitigation was switched on or off; payload <see cref="QuicListenerEvent.DosModeChanged"/> (<c>QUIC_LISTENER_EVENT_DOS_MODE_CHANGED</c>).</summary>
    DosModeChanged = 2,
}
