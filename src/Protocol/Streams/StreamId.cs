namespace QuicKestrel.Protocol.Streams;

/// <summary>The four stream types, encoded in the two low bits of a stream ID (RFC 9000 §2.1).</summary>
internal enum StreamType : byte
{
    ClientBidirectional = 0,
    ServerBidirectional = 1,
    ClientUnidirectional = 2,
    ServerUnidirectional = 3,
}

/// <summary>
/// Stream ID arithmetic (RFC 9000 §2.1): bit 0 is the initiator (0 client, 1 server), bit 1 the
/// direction (0 bidirectional, 1 unidirectional); the rest is the index within the type.
/// </summary>
internal static class StreamId
{
    /// <summary>Largest stream ID a varint can carry (2^62 - 1).</summary>
    public const long MaxValue = (1L << 62) - 1;

    /// <summary>MAX_STREAMS and STREAMS_BLOCKED never exceed 2^60 (RFC 9000 §4.6, §19.11).</summary>
    public const long MaxStreamCount = 1L << 60;

    public static StreamType TypeOf(long id) => (StreamType)(id & 3);

    public static long IndexOf(long id) => id >> 2;

    public static long FromIndex(StreamType type, long index) => (index << 2) | (long)type;

    public static bool IsServerInitiated(long id) => (id & 1) != 0;

    public static bool IsUnidirectional(long id) => (id & 2) != 0;

    public static bool IsBidirectional(long id) => (id & 2) == 0;

    /// <summary>True when the endpoint (<paramref name="isServer"/>) opened this stream.</summary>
    public static bool IsLocal(long id, bool isServer) => IsServerInitiated(id) == isServer;

    /// <summary>True when the endpoint may send on the stream (not a peer's unidirectional stream).</summary>
    public static bool CanSend(long id, bool isServer) => IsBidirectional(id) || IsLocal(id, isServer);

    /// <summary>True when the endpoint may receive on the stream (not its own unidirectional stream).</summary>
    public static bool CanReceive(long id, bool isServer) => IsBidirectional(id) || !IsLocal(id, isServer);

    /// <summary>The type of streams this endpoint opens (or the peer opens) in one direction.</summary>
    public static StreamType TypeFor(bool serverInitiated, bool bidirectional) =>
        (StreamType)((serverInitiated ? 1 : 0) | (bidirectional ? 0 : 2));
}
