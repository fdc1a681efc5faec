namespace QuicKestrel.Protocol.Api;

public sealed partial class QuicApiTable
{
    /// <summary>
    /// Creates a client connection (MsQuic's <c>ConnectionOpen</c>). Allocation only: nothing is
    /// sent and no event is delivered until <see cref="ConnectionStart"/>. In between, the
    /// application may set parameters (e.g. <see cref="QuicParam.ConnResumptionTicket"/>) and
    /// open, start and send on streams; that is how 0-RTT data is packed into the first flight.
    /// Server connections come from the listener's NEW_CONNECTION event instead.
    /// </summary>
    /// <param name="registration">The owning registration.</param>
    /// <param name="handler">Receives the connection's events; required.</param>
    /// <param name="context">The application's context for the connection.</param>
    /// <param name="connection">The new connection; <see langword="null"/> on failure. Close it with <see cref="ConnectionClose"/>.</param>
    /// <returns><see cref="QuicStatus.Success"/>, or <see cref="QuicStatus.InvalidParameter"/> for a bad handle or a missing handler.</returns>
    public QuicStatus ConnectionOpen(QuicHandle? registration, QuicConnectionCallback? handler, object? context, out QuicHandle? connection)
    {
        connection = null;
        if (ApiObject.From<ApiRegistration>(registration) is not { } owner || handler is null)
            return QuicStatus.InvalidParameter;
        QuicStatus status = ApiConnection.Open(owner, handler, context, out ApiConnection? created);
        connection = created?.Handle;
        return status;
    }

    /// <summary>
    /// Frees a connection (MsQuic's <c>ConnectionClose</c>); the last call on the handle. Normally
    /// called after SHUTDOWN_COMPLETE; without a prior shutdown it aborts the connection silently
    /// (as <see cref="QuicConnectionShutdownFlags.Silent"/>) and blocks until that completes. A
    /// server must not call it on a connection it rejects in NEW_CONNECTION.
    /// </summary>
    /// <param name="connection">A connection handle; anything else is ignored.</param>
    public void ConnectionClose(QuicHandle? connection) => ApiObject.From<ApiConnection>(connection)?.Close();

    /// <summary>
    /// Starts closing a connection with an application error code (MsQuic's
    /// <c>ConnectionShutdown</c>). Asynchronous; does nothing if already shutting down. Every
    /// open stream is shut down too (their SHUTDOWN_COMPLETE events report it), a
    /// CONNECTION_CLOSE is sent unless <see cref="QuicConnectionShutdownFlags.Silent"/>, and
    /// SHUTDOWN_COMPLETE ends the connection's events.
    /// </summary>
    /// <param name="connection">A connection handle, or one of its streams; anything else is ignored.</param>
    /// <param name="flags">Whether to tell the peer.</param>
    /// <param name="errorCode">The application error code for the peer; at most <see cref="QuicLimits.Uint62Max"/>, larger values are ignored.</param>
    public void ConnectionShutdown(QuicHandle? connection, QuicConnectionShutdownFlags flags, ulong errorCode)
    {
        if (ConnectionOf(connection) is { } target && QuicApiArguments.IsValidErrorCode(errorCode))
            target.Shutdown(flags, errorCode);
    }

    /// <summary>
    /// Starts a client connection's handshake (MsQuic's <c>ConnectionStart</c>). Asynchronous:
    /// returns <see cref="QuicStatus.Pending"/>; CONNECTED follows on success, otherwise the
    /// shutdown events with the reason. The server name is resolved unless
    /// <see cref="QuicParam.ConnRemoteAddress"/> was set, and is sent as SNI unless it is an IP
    /// literal.
    /// </summary>
    /// <param name="connection">A client connection (or one of its streams), not started before.</param>
    /// <param name="configuration">A configuration with a loaded client credential.</param>
    /// <param name="family">The address family to resolve the name to; <see cref="QuicAddressFamily.Unspec"/> for either.</param>
    /// <param name="serverName">The server's host name or IP literal, at most 65535 bytes; may be <see langword="null"/> only when the remote address was set.</param>
    /// <param name="serverPort">The server's UDP port; not 0.</param>
    /// <returns>
    /// <see cref="QuicStatus.Pending"/>; <see cref="QuicStatus.InvalidParameter"/> for a bad
    /// handle, family, port or name, a server connection, or a configuration without
    /// credential; <see cref="QuicStatus.InvalidState"/> when already started or closed.
    /// </returns>
    public QuicStatus ConnectionStart(
        QuicHandle? connection,
        QuicHandle? configuration,
        QuicAddressFamily family,
        string? serverName,
        ushort serverPort)
    {
        if (ConnectionOf(connection) is not { } target
            || ApiObject.From<ApiConfiguration>(configuration) is not { } config
            || family is not (QuicAddressFamily.Unspec or QuicAddressFamily.Inet or QuicAddressFamily.Inet6)
            || serverPort == 0
            || serverName is { Length: > QuicLimits.MaxSniLength })
            return QuicStatus.InvalidParameter;
        return target.Start(config, family, serverName, serverPort);
    }

    /// <summary>
    /// Gives a server connection its configuration (ALPNs, settings, certificate), letting its
    /// handshake proceed (MsQuic's <c>ConnectionSetConfiguration</c>). Called in NEW_CONNECTION
    /// or later; until then the handshake waits, and times out if it never comes. Asynchronous:
    /// the configuration is applied on the connection's worker.
    /// </summary>
    /// <param name="connection">A server connection (or one of its streams).</param>
    /// <param name="configuration">A configuration with a loaded server credential.</param>
    /// <returns>
    /// <see cref="QuicStatus.Pending"/>; <see cref="QuicStatus.InvalidParameter"/> for bad handles,
    /// a client connection or a configuration without credential; <see cref="QuicStatus.InvalidState"/>
    /// when the connection already has one.
    /// </returns>
    public QuicStatus ConnectionSetConfiguration(QuicHandle? connection, QuicHandle? configuration)
    {
        if (ConnectionOf(connection) is not { } target || ApiObject.From<ApiConfiguration>(configuration) is not { } config)
            return QuicStatus.InvalidParameter;
        return target.SetConfiguration(config);
    }

    /// <summary>
    /// Server only: sends the client a resumption ticket carrying <paramref name="resumptionData"/>
    /// (MsQuic's <c>ConnectionSendResumptionTicket</c>), typically on CONNECTED. Requires a
    /// completed handshake and <see cref="QuicSettings.ServerResumptionLevel"/> above
    /// <see cref="QuicServerResumptionLevel.NoResume"/>. The data comes back in RESUMED when the
    /// client resumes.
    /// </summary>
    /// <param name="connection">A server connection (or one of its streams).</param>
    /// <param name="flags"><see cref="QuicSendResumptionFlags.Final"/> for the last ticket.</param>
    /// <param name="resumptionData">Application data for the ticket, at most <see cref="QuicLimits.MaxResumptionAppDataLength"/> bytes; copied.</param>
    /// <returns>
    /// <see cref="QuicStatus.Success"/>; <see cref="QuicStatus.InvalidParameter"/> for a bad handle,
    /// unknown flags, too much data or a client connection; <see cref="QuicStatus.InvalidState"/>
    /// before the handshake completes or with resumption disabled.
    /// </returns>
    public QuicStatus ConnectionSendResumptionTicket(QuicHandle? connection, QuicSendResumptionFlags flags, ReadOnlySpan<byte> resumptionData)
    {
        if (ConnectionOf(connection) is not { } target
            || flags > QuicSendResumptionFlags.Final
            || resumptionData.Length > QuicLimits.MaxResumptionAppDataLength)
            return QuicStatus.InvalidParameter;
        return target.SendResumptionTicket(flags, resumptionData);
    }

    /// <summary>
    /// Server only: finishes a RESUMED event the application answered with
    /// <see cref="QuicStatus.Pending"/> (MsQuic's <c>ConnectionResumptionTicketValidationComplete</c>).
    /// </summary>
    /// <param name="connection">The server connection (or one of its streams).</param>
    /// <param name="result">True to accept the resumption (and its 0-RTT data), false to reject it.</param>
    /// <returns><see cref="QuicStatus.Pending"/> (the decision is applied on the connection's worker); <see cref="QuicStatus.InvalidParameter"/> for a bad handle or a client connection; <see cref="QuicStatus.InvalidState"/> when no validation is pending.</returns>
    public QuicStatus ConnectionResumptionTicketValidationComplete(QuicHandle? connection, bool result)
    {
        if (ConnectionOf(connection) is not { } target)
            return QuicStatus.InvalidParameter;
        return target.CompleteResumptionValidation(result);
    }

    /// <summary>
    /// Finishes a PEER_CERTIFICATE_RECEIVED event the application answered with
    /// <see cref="QuicStatus.Pending"/> (MsQuic's <c>ConnectionCertificateValidationComplete</c>).
    /// </summary>
    /// <param name="connection">The connection (or one of its streams).</param>
    /// <param name="result">True to accept the certificate and continue the handshake.</param>
    /// <param name="tlsAlert">When rejecting, the TLS alert to send (e.g. <see cref="QuicTlsAlertCode.BadCertificate"/>); ignored when accepting (pass <see cref="QuicTlsAlertCode.Success"/>).</param>
    /// <returns><see cref="QuicStatus.Pending"/> (the decision is applied on the connection's worker); <see cref="QuicStatus.InvalidParameter"/> for a bad handle or, when rejecting, an alert above 255; <see cref="QuicStatus.InvalidState"/> when no validation is pending.</returns>
    public QuicStatus ConnectionCertificateValidationComplete(QuicHandle? connection, bool result, QuicTlsAlertCode tlsAlert)
    {
        if (ConnectionOf(connection) is not { } target || (!result && (uint)tlsAlert > (uint)QuicTlsAlertCode.Max))
            return QuicStatus.InvalidParameter;
        return target.CompleteCertificateValidation(result);
    }

    /// <summary>
    /// Sends an unreliable datagram (RFC 9221) (MsQuic's <c>DatagramSend</c>). The buffers'
    /// total must fit in one packet (DATAGRAM_STATE_CHANGED gives the current maximum) and the
    /// peer must accept datagrams. Asynchronous: the buffers belong to the stack until
    /// DATAGRAM_SEND_STATE_CHANGED reports a final state; they may be lost.
    /// </summary>
    /// <param name="connection">The connection.</param>
    /// <param name="buffers">The datagram's payload, possibly in pieces; not empty. The array and the bytes must stay unchanged until a final state.</param>
    /// <param name="flags">E.g. <see cref="QuicSendFlags.DgramPriority"/>, <see cref="QuicSendFlags.AllowZeroRtt"/>.</param>
    /// <param name="clientSendContext">Passed back in DATAGRAM_SEND_STATE_CHANGED.</param>
    /// <returns>
    /// <see cref="QuicStatus.Pending"/>; <see cref="QuicStatus.InvalidParameter"/> for a bad handle
    /// or no buffers, or a payload too large for one packet; <see cref="QuicStatus.InvalidState"/>
    /// when the peer does not accept datagrams or the connection is shutting down.
    /// </returns>
    public QuicStatus DatagramSend(QuicHandle? connection, ReadOnlyMemory<QuicBuffer> buffers, QuicSendFlags flags, object? clientSendContext)
    {
        if (ApiObject.From<ApiConnection>(connection) is not { } target || !QuicApiArguments.IsValidSendBuffers(buffers.Span, allowEmpty: false))
            return QuicStatus.InvalidParameter;
        return target.SendDatagram(buffers, flags, clientSendContext);
    }

    /// <summary>The connection of a connection handle, or of a stream handle (MsQuic accepts either).</summary>
    private static ApiConnection? ConnectionOf(QuicHandle? handle) => handle is { IsClosed: false } ? handle.Target switch
    {
        ApiConnection connection => connection,
        ApiStream stream => stream.Connection,
        _ => null,
    } : null;
}
