using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Streams;

/// <summary>
/// Frame type numbers used to label errors (RFC 9000 §19). The connection may replace the
/// frame type with the exact one it parsed (e.g. 0x0b for a STREAM frame with OFF and FIN bits):
/// <c>error with { FrameType = type }</c>.
/// </summary>
internal static class StreamFrameTypes
{
    public const ulong ResetStream = 0x04;
    public const ulong StopSending = 0x05;
    public const ulong Stream = 0x08;
    public const ulong MaxData = 0x10;
    public const ulong MaxStreamData = 0x11;
    public const ulong MaxStreamsBidi = 0x12;
    public const ulong MaxStreamsUni = 0x13;
    public const ulong DataBlocked = 0x14;
    public const ulong StreamDataBlocked = 0x15;
    public const ulong StreamsBlockedBidi = 0x16;
    public const ulong StreamsBlockedUni = 0x17;
    public const ulong Datagram = 0x30;
}

/// <summary>The protocol errors the stream layer returns, as values (reasons are constants).</summary>
internal static class StreamErrors
{
    public static QuicError StreamState(ulong frameType, string reason) =>
        new(TransportErrorCode.StreamStateError, frameType, reason);

    public static QuicError StreamLimit(ulong frameType) =>
        new(TransportErrorCode.StreamLimitError, frameType, "stream ID beyond the limit we granted");

    public static QuicError FlowControl(ulong frameType, string reason) =>
        new(TransportErrorCode.FlowControlError, frameType, reason);

    public static QuicError FinalSize(ulong frameType, string reason) =>
        new(TransportErrorCode.FinalSizeError, frameType, reason);

    public static QuicError FrameEncoding(ulong frameType, string reason) =>
        new(TransportErrorCode.FrameEncodingError, frameType, reason);

    public static QuicError ProtocolViolation(ulong frameType, string reason) =>
        new(TransportErrorCode.ProtocolViolation, frameType, reason);
}
