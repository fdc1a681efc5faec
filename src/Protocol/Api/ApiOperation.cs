namespace QuicKestrel.Protocol.Api;

/// <summary>
/// The API calls a connection runs on its worker, queued as worker signals (a code, a 64-bit
/// argument and an object), so queuing a call allocates nothing. Calls made inside one of the
/// connection's callbacks skip the queue and run inline.
/// </summary>
internal enum ApiOperation
{
    /// <summary>ConnectionStart: state = <see cref="ClientStartRequest"/>.</summary>
    Start = 1,
    /// <summary>ConnectionSetConfiguration: state = the configuration.</summary>
    SetConfiguration,
    /// <summary>ConnectionShutdown: extra = flags, argument = error code.</summary>
    Shutdown,
    /// <summary>StreamStart: state = the stream, extra = start flags.</summary>
    StreamStart,
    /// <summary>StreamSend: state = the send request.</summary>
    StreamSend,
    /// <summary>StreamShutdown: state = the stream, extra = flags, argument = error code.</summary>
    StreamShutdown,
    /// <summary>StreamReceiveComplete: state = the stream, argument = bytes consumed.</summary>
    StreamReceiveComplete,
    /// <summary>StreamReceiveSetEnabled: state = the stream, extra = 1 to enable.</summary>
    StreamReceiveSetEnabled,
    /// <summary>StreamClose after SHUTDOWN_COMPLETE: state = the stream (its handle is already closed).</summary>
    StreamClose,
    /// <summary>DatagramSend: state = the datagram request.</summary>
    DatagramSend,
    /// <summary>ConnectionSendResumptionTicket: state = the app data (byte[]), extra = flags.</summary>
    SendResumptionTicket,
    /// <summary>ConnectionResumptionTicketValidationComplete: extra = 1 to accept.</summary>
    ResumptionValidationComplete,
    /// <summary>ConnectionCertificateValidationComplete: extra = 1 to accept, argument = the alert.</summary>
    CertificateValidationComplete,
}
