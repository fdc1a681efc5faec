namespace QuicKestrel.Protocol.Api;

public sealed partial class QuicApiTable
{
    /// <summary>
    /// Creates a stream on a connection (MsQuic's <c>StreamOpen</c>). Allocation only: no stream
    /// ID is assigned, the peer is told nothing, and no event is delivered until
    /// <see cref="StreamStart"/> succeeds. The connection need not be started. A stream that is
    /// never started is cleaned up with <see cref="StreamClose"/>, also after its connection
    /// has shut down (it gets no SHUTDOWN_COMPLETE).
    /// </summary>
    /// <param name="connection">The connection (or one of its streams).</param>
    /// <param name="flags">Bidirectional (<see cref="QuicStreamOpenFlags.None"/>) or <see cref="QuicStreamOpenFlags.Unidirectional"/>, optionally <see cref="QuicStreamOpenFlags.ZeroRtt"/> and <see cref="QuicStreamOpenFlags.DelayIdFcUpdates"/>.</param>
    /// <param name="handler">Receives the stream's events; required.</param>
    /// <param name="context">The application's context for the stream.</param>
    /// <param name="stream">The new stream; <see langword="null"/> on failure.</param>
    /// <returns>
    /// <see cref="QuicStatus.Success"/>; <see cref="QuicStatus.InvalidParameter"/> for a bad handle,
    /// a missing handler or unknown flags; <see cref="QuicStatus.NotSupported"/> for
    /// <see cref="QuicStreamOpenFlags.AppOwnedBuffers"/>; <see cref="QuicStatus.Aborted"/> when
    /// the connection is shutting down.
    /// </returns>
    public QuicStatus StreamOpen(QuicHandle? connection, QuicStreamOpenFlags flags, QuicStreamCallback? handler, object? context, out QuicHandle? stream)
    {
        stream = null;
        if (ConnectionOf(connection) is not { } target || handler is null || flags > (QuicStreamOpenFlags)0xF)
            return QuicStatus.InvalidParameter;
        QuicStatus status = target.OpenStream(flags, handler, context, out ApiStream? created);
        stream = created?.Handle;
        return status;
    }

    /// <summary>
    /// Frees a stream (MsQuic's <c>StreamClose</c>); the last call on the handle. Call it after
    /// SHUTDOWN_COMPLETE, or for a stream never (successfully) started; closing a live stream
    /// aborts it with error code 0. May be called from any callback, the stream's own included.
    /// </summary>
    /// <param name="stream">A stream handle; anything else is ignored.</param>
    public void StreamClose(QuicHandle? stream) => ApiObject.From<ApiStream>(stream)?.Close();

    /// <summary>
    /// Starts a stream: assigns its ID, and from then on its events are delivered (MsQuic's
    /// <c>StreamStart</c>). Asynchronous: START_COMPLETE always follows, with the result; when
    /// the start fails it is the stream's only event. When the peer's stream limit is reached
    /// the start waits for credit, unless <see cref="QuicStreamStartFlags.FailBlocked"/>. Sends
    /// and shutdowns issued before start are queued; a start before <c>ConnectionStart</c>
    /// completes with the handshake (0-RTT when allowed).
    /// </summary>
    /// <param name="stream">A stream, not started before.</param>
    /// <param name="flags">
    /// Start options. A start completes only once the peer's stream limit admits the stream, so
    /// START_COMPLETE always reports PeerAccepted and INDICATE_PEER_ACCEPT adds nothing; IMMEDIATE
    /// and PRIORITY_WORK change nothing either (the stream is announced with its first data).
    /// </param>
    /// <returns>
    /// <see cref="QuicStatus.Pending"/>; <see cref="QuicStatus.InvalidParameter"/> for a bad handle;
    /// <see cref="QuicStatus.InvalidState"/> when already started.
    /// </returns>
    public QuicStatus StreamStart(QuicHandle? stream, QuicStreamStartFlags flags)
    {
        if (ApiObject.From<ApiStream>(stream) is not { } target)
            return QuicStatus.InvalidParameter;
        return target.Start(flags);
    }

    /// <summary>
    /// Shuts down one or both directions of a stream (MsQuic's <c>StreamShutdown</c>).
    /// Asynchronous: a graceful shutdown sends a FIN after the queued data and completes with
    /// SEND_SHUTDOWN_COMPLETE; aborts send RESET_STREAM / STOP_SENDING with
    /// <paramref name="errorCode"/>; SHUTDOWN_COMPLETE follows once both directions are closed
    /// (at once with <see cref="QuicStreamShutdownFlags.Immediate"/>). Repeating a shutdown does nothing.
    /// </summary>
    /// <param name="stream">The stream.</param>
    /// <param name="flags"><see cref="QuicStreamShutdownFlags.Graceful"/>, or some abort, with the combination rules of <see cref="QuicStreamShutdownFlags"/>.</param>
    /// <param name="errorCode">The application error code for aborts; at most <see cref="QuicLimits.Uint62Max"/>.</param>
    /// <returns>
    /// <see cref="QuicStatus.Pending"/> or <see cref="QuicStatus.Success"/>;
    /// <see cref="QuicStatus.InvalidParameter"/> for a bad handle, an invalid flag combination
    /// or an error code above 2^62 − 1.
    /// </returns>
    public QuicStatus StreamShutdown(QuicHandle? stream, QuicStreamShutdownFlags flags, ulong errorCode)
    {
        if (ApiObject.From<ApiStream>(stream) is not { } target
            || !QuicApiArguments.IsValidStreamShutdown(flags)
            || !QuicApiArguments.IsValidErrorCode(errorCode))
            return QuicStatus.InvalidParameter;
        return target.Shutdown(flags, errorCode);
    }

    /// <summary>
    /// Queues data on a stream (MsQuic's <c>StreamSend</c>). Asynchronous: SEND_COMPLETE reports
    /// when the buffers are the application's again (at once with send buffering, the default;
    /// after acknowledgement without it). <see cref="QuicSendFlags.Fin"/> ends the stream with
    /// this data; <see cref="QuicSendFlags.Start"/> starts it; sends before start are queued,
    /// and with <see cref="QuicSendFlags.AllowZeroRtt"/> may travel in 0-RTT.
    /// </summary>
    /// <param name="stream">The stream.</param>
    /// <param name="buffers">The data, possibly in pieces; may be empty with <see cref="QuicSendFlags.Fin"/>. The array and the bytes must stay unchanged until SEND_COMPLETE.</param>
    /// <param name="flags">Send options.</param>
    /// <param name="clientSendContext">Passed back in SEND_COMPLETE.</param>
    /// <returns>
    /// <see cref="QuicStatus.Pending"/> (SEND_COMPLETE follows, also for a send made inline inside
    /// a callback); <see cref="QuicStatus.InvalidParameter"/> for a bad handle or more than
    /// 2^32 − 1 bytes; <see cref="QuicStatus.InvalidState"/> when the send direction is closed (a
    /// FIN was sent, the send side shut down, or the peer's unidirectional stream);
    /// <see cref="QuicStatus.Aborted"/> when the connection was closed by the peer.
    /// </returns>
    public QuicStatus StreamSend(QuicHandle? stream, ReadOnlyMemory<QuicBuffer> buffers, QuicSendFlags flags, object? clientSendContext)
    {
        if (ApiObject.From<ApiStream>(stream) is not { } target || !QuicApiArguments.IsValidSendBuffers(buffers.Span, allowEmpty: true))
            return QuicStatus.InvalidParameter;
        return target.Send(buffers, flags, clientSendContext);
    }

    /// <summary>
    /// Completes a RECEIVE event the application answered with <see cref="QuicStatus.Pending"/>
    /// (MsQuic's <c>StreamReceiveComplete</c>): exactly once per pended event. Consuming fewer
    /// bytes than were delivered pauses receive events until <see cref="StreamReceiveSetEnabled"/>;
    /// the unconsumed bytes are delivered again then. Runs inline inside a callback.
    /// </summary>
    /// <param name="stream">A stream handle; anything else is ignored.</param>
    /// <param name="bufferLength">How many bytes, from the start of the pended buffers, were consumed.</param>
    public void StreamReceiveComplete(QuicHandle? stream, ulong bufferLength) => ApiObject.From<ApiStream>(stream)?.ReceiveComplete(bufferLength);

    /// <summary>
    /// Resumes (or pauses) RECEIVE events on a stream (MsQuic's <c>StreamReceiveSetEnabled</c>).
    /// Always queued to the connection's worker, so a receive already queued may still be
    /// delivered after disabling; to stop at once, consume 0 bytes in the RECEIVE callback.
    /// </summary>
    /// <param name="stream">The stream.</param>
    /// <param name="isEnabled">True to deliver receives, false to hold them.</param>
    /// <returns><see cref="QuicStatus.Pending"/> or <see cref="QuicStatus.Success"/>; <see cref="QuicStatus.InvalidParameter"/> for a bad handle.</returns>
    public QuicStatus StreamReceiveSetEnabled(QuicHandle? stream, bool isEnabled)
    {
        if (ApiObject.From<ApiStream>(stream) is not { } target)
            return QuicStatus.InvalidParameter;
        return target.ReceiveSetEnabled(isEnabled);
    }
}
