namespace QuicKestrel.Http3.Framing;

/// <summary>HTTP/3 frame types (RFC 9114 §7.2, §11.2.1).</summary>
public static class Http3FrameType
{
    /// <summary>DATA: message content.</summary>
    public const ulong Data = 0x00;

    /// <summary>HEADERS: an encoded field section.</summary>
    public const ulong Headers = 0x01;

    /// <summary>CANCEL_PUSH: cancels a server push.</summary>
    public const ulong CancelPush = 0x03;

    /// <summary>SETTINGS: connection configuration, first on the control stream.</summary>
    public const ulong Settings = 0x04;

    /// <summary>PUSH_PROMISE: announces a server push.</summary>
    public const ulong PushPromise = 0x05;

    /// <summary>GOAWAY: graceful shutdown.</summary>
    public const ulong GoAway = 0x07;

    /// <summary>MAX_PUSH_ID: the largest push ID the client accepts.</summary>
    public const ulong MaxPushId = 0x0D;

    /// <summary>
    /// True for the HTTP/2 frame types that have no HTTP/3 equivalent (PRIORITY 0x02, PING 0x06,
    /// WINDOW_UPDATE 0x08, CONTINUATION 0x09): receiving one is H3_FRAME_UNEXPECTED (§7.2.8).
    /// </summary>
    /// <param name="type">A frame type.</param>
    /// <returns>Whether the type is a reserved HTTP/2 type.</returns>
    public static bool IsReservedHttp2(ulong type) => type is 0x02 or 0x06 or 0x08 or 0x09;

    /// <summary>True for reserved "greasing" values 0x1f × N + 0x21 (RFC 9114 §7.2.8, §6.2.3, §7.2.4.1), which receivers ignore.</summary>
    /// <param name="value">A frame type, stream type or setting identifier.</param>
    /// <returns>Whether the value is reserved for greasing.</returns>
    public static bool IsGrease(ulong value) => value >= 0x21 && (value - 0x21) % 0x1F == 0;
}
