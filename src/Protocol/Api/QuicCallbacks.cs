namespace QuicKestrel.Protocol.Api;

/// <summary>
/// Receives a listener's events (MsQuic's <c>QUIC_LISTENER_CALLBACK</c>). Listener callbacks
/// may run in parallel on different workers, so the handler must be thread-safe.
/// </summary>
/// <param name="listener">The listener the event is for.</param>
/// <param name="context">The listener's application context.</param>
/// <param name="evt">The event; valid only during the call.</param>
/// <returns>
/// For NEW_CONNECTION: <see cref="QuicStatus.Success"/> accepts the connection (after
/// <c>SetCallbackHandler</c> on it), a failure status rejects it. Ignored for other events.
/// </returns>
public delegate QuicStatus QuicListenerCallback(QuicHandle listener, object? context, ref QuicListenerEvent evt);

/// <summary>
/// Receives a connection's events (MsQuic's <c>QUIC_CONNECTION_CALLBACK</c>). Callbacks run on
/// the connection's worker, one at a time, and should return quickly; API calls made from
/// inside run inline.
/// </summary>
/// <param name="connection">The connection the event is for.</param>
/// <param name="context">The connection's application context.</param>
/// <param name="evt">The event; valid only during the call, except where an event says otherwise.</param>
/// <returns>Usually <see cref="QuicStatus.Success"/>; some events give the status a meaning (RESUMED, PEER_CERTIFICATE_RECEIVED).</returns>
public delegate QuicStatus QuicConnectionCallback(QuicHandle connection, object? context, ref QuicConnectionEvent evt);

/// <summary>
/// Receives a stream's events (MsQuic's <c>QUIC_STREAM_CALLBACK</c>). Stream callbacks run on
/// the worker of the stream's connection, never in parallel with that connection's callbacks.
/// </summary>
/// <param name="stream">The stream the event is for.</param>
/// <param name="context">The stream's application context.</param>
/// <param name="evt">The event; valid only during the call, except where an event says otherwise.</param>
/// <returns>Usually <see cref="QuicStatus.Success"/>; RECEIVE gives the status a meaning (<see cref="QuicStatus.Pending"/>, <see cref="QuicStatus.Continue"/>).</returns>
public delegate QuicStatus QuicStreamCallback(QuicHandle stream, object? context, ref QuicStreamEvent evt);

/// <summary>
/// Reports the end of an asynchronous credential load
/// (<see cref="QuicCredentialFlags.LoadAsynchronous"/>): MsQuic's <c>QUIC_CREDENTIAL_LOAD_COMPLETE</c>.
/// </summary>
/// <param name="configuration">The configuration the credential was loaded into.</param>
/// <param name="context">The configuration's application context.</param>
/// <param name="status">The result of the load.</param>
public delegate void QuicCredentialLoadComplete(QuicHandle configuration, object? context, QuicStatus status);
