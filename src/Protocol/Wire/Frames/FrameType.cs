namespace QuicKestrel.Protocol.Wire;

/// <summary>
/// Frame kinds (RFC 9000 §12.4 Table 3, RFC 9221 §4), valued by their wire type. Types that
/// differ only in flag bits share one kind: <see cref="Ack"/> covers 0x02-0x03, <see cref="Stream"/>
/// 0x08-0x0f and <see cref="Datagram"/> 0x30-0x31; <see cref="Frame.RawType"/> keeps the exact type.
/// </summary>
internal enum FrameType : ulong
{
    Padding = 0x00,
    Ping = 0x01,
    Ack = 0x02,
    ResetStream = 0x04,
    StopSending = 0x05,
    Crypto = 0x06,
    NewToken = 0x07,
    Stream = 0x08,
    MaxData = 0x10,
    MaxStreamData = 0x11,
    MaxStreamsBidi = 0x12,
    MaxStreamsUni = 0x13,
    DataBlocked = 0x14,
    StreamDataBlocked = 0x15,
    StreamsBlockedBidi = 0x16,
    StreamsBlockedUni = 0x17,
    NewConnectionId = 0x18,
    RetireConnectionId = 0x19,
    PathChallenge = 0x1a,
    PathResponse = 0x1b,

    /// <summary>CONNECTION_CLOSE carrying a transport error (0x1c).</summary>
    ConnectionClose = 0x1c,

    /// <summary>CONNECTION_CLOSE carrying an application error (0x1d).</summary>
    ApplicationClose = 0x1d,
    HandshakeDone = 0x1e,
    Datagram = 0x30,
}

/// <summary>Exact wire type values whose flag bits matter.</summary>
internal static class RawFrameTypes
{
    public const ulong AckEcn = 0x03;

    /// <summary>STREAM flag bits (RFC 9000 §19.8).</summary>
    public const ulong StreamOffsetBit = 0x04;
    public const ulong StreamLengthBit = 0x02;
    public const ulong StreamFinBit = 0x01;

    /// <summary>DATAGRAM with a Length field (RFC 9221 §4).</summary>
    public const ulong DatagramWithLength = 0x31;
}
