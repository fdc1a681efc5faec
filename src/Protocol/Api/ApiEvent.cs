namespace QuicKestrel.Protocol.Api;

/// <summary>Events the API layer raises itself (not the engine), queued in order with the engine's.</summary>
internal enum ApiEventKind : byte
{
    /// <summary>A stream's START_COMPLETE: Status, Flag = peer accepted.</summary>
    StreamStartComplete,
    /// <summary>A stream send's SEND_COMPLETE: Context, Flag = canceled.</summary>
    StreamSendComplete,
    /// <summary>A stream's SHUTDOWN_COMPLETE caused by its connection's shutdown.</summary>
    StreamShutdownComplete,
    /// <summary>A stream's IDEAL_SEND_BUFFER_SIZE: Value.</summary>
    StreamIdealSendBufferSize,
    /// <summary>A stream has readable data to deliver again (receives re-enabled, or a partial consume with CONTINUE).</summary>
    StreamReceiveReady,
    /// <summary>SHUTDOWN_INITIATED_BY_TRANSPORT raised before the engine existed (e.g. no socket): Status.</summary>
    ConnectionShutdownByTransport,
    /// <summary>SHUTDOWN_COMPLETE of a connection that never reached the engine.</summary>
    ConnectionShutdownComplete,
    /// <summary>A datagram refused or canceled before the engine took it: Context, Value = state.</summary>
    DatagramSendStateChanged,
}

/// <summary>One API-layer event (a struct in a ring: queuing allocates nothing once the ring has grown).</summary>
internal readonly record struct ApiEvent(
    ApiEventKind Kind,
    ApiStream? Stream = null,
    QuicStatus Status = QuicStatus.Success,
    object? Context = null,
    bool Flag = false,
    ulong Value = 0);
