namespace QuicKestrel.Protocol.Wire;

/// <summary>Per-frame-type rules: which packets may carry them and how they count for recovery.</summary>
internal static class FrameRules
{
    /// <summary>Maps a wire type to its kind; false for types this stack does not know.</summary>
    public static bool TryGetFrameType(ulong rawType, out FrameType type)
    {
        switch (rawType)
        {
            case <= 0x01:
            case >= 0x04 and <= 0x07:
            case >= 0x10 and <= 0x1e:
                type = (FrameType)rawType;
                return true;
            case 0x02 or 0x03:
                type = FrameType.Ack;
                return true;
            case >= 0x08 and <= 0x0f:
                type = FrameType.Stream;
                return true;
            case 0x30 or 0x31:
                type = FrameType.Datagram;
                return true;
            default:
                type = default;
                return false;
        }
    }

    /// <summary>
    /// RFC 9000 §12.4 Table 3 and RFC 9221 §4: Initial and Handshake packets carry only PADDING,
    /// PING, ACK, CRYPTO and transport CONNECTION_CLOSE; 0-RTT forbids ACK, CRYPTO, HANDSHAKE_DONE,
    /// NEW_TOKEN, PATH_RESPONSE and RETIRE_CONNECTION_ID; 1-RTT allows everything.
    /// </summary>
    public static bool IsAllowedIn(FrameType type, PacketType packetType) => packetType switch
    {
        PacketType.Initial or PacketType.Handshake =>
            type is FrameType.Padding or FrameType.Ping or FrameType.Ack or FrameType.Crypto or FrameType.ConnectionClose,
        PacketType.ZeroRtt =>
            type is not (FrameType.Ack or FrameType.Crypto or FrameType.HandshakeDone or FrameType.NewToken
                or FrameType.PathResponse or FrameType.RetireConnectionId),
        PacketType.OneRtt => true,
        _ => false,
    };

    /// <summary>Frames other than ACK, PADDING and CONNECTION_CLOSE elicit an acknowledgement (RFC 9000 §13.2.1).</summary>
    public static bool IsAckEliciting(FrameType type) =>
        type is not (FrameType.Ack or FrameType.Padding or FrameType.ConnectionClose or FrameType.ApplicationClose);

    /// <summary>A packet counts in flight when it has an ack-eliciting frame or PADDING (RFC 9002 §2).</summary>
    public static bool CountsInFlight(FrameType type) => type == FrameType.Padding || IsAckEliciting(type);

    /// <summary>Probing frames (RFC 9000 §9.1): a packet of only these does not migrate the connection.</summary>
    public static bool IsProbing(FrameType type) =>
        type is FrameType.PathChallenge or FrameType.PathResponse or FrameType.NewConnectionId or FrameType.Padding;

    /// <summary>Frames only a server may send (RFC 9000 §19.7, §19.20); a client sending one is a PROTOCOL_VIOLATION.</summary>
    public static bool IsServerOnly(FrameType type) => type is FrameType.NewToken or FrameType.HandshakeDone;
}
