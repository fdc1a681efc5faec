using QuicKestrel.Protocol.Recovery;
using QuicKestrel.Protocol.Streams;

namespace QuicKestrel.Protocol.Connection;

/// <summary>The kinds of frames a sent packet remembers, to act when the packet is acknowledged or lost.</summary>
internal enum SentFrameKind : byte
{
    /// <summary>A released slot.</summary>
    None,

    /// <summary>ACK: A = largest acknowledged (ACK-of-ACK prunes our received ranges up to it). Never resent.</summary>
    Ack,

    /// <summary>CRYPTO: A = offset, Length.</summary>
    Crypto,

    /// <summary>STREAM: A = stream ID, B = offset, Length, Flag = FIN.</summary>
    Stream,

    /// <summary>A stream-layer control frame (RESET_STREAM ... STREAMS_BLOCKED): see <see cref="SentFrame.ToControlFrame"/>.</summary>
    StreamControl,

    HandshakeDone,

    /// <summary>NEW_CONNECTION_ID: A = sequence number. On loss the current state decides whether it goes again.</summary>
    NewConnectionId,

    /// <summary>RETIRE_CONNECTION_ID: A = sequence number.</summary>
    RetireConnectionId,

    /// <summary>NEW_TOKEN: A = index of the queued token.</summary>
    NewToken,

    /// <summary>PATH_CHALLENGE: C = data.</summary>
    PathChallenge,

    /// <summary>PATH_RESPONSE: C = data. Never resent (a new challenge will come).</summary>
    PathResponse,

    /// <summary>DATAGRAM: A = the send queue's token. Never resent.</summary>
    Datagram,

    /// <summary>A DPLPMTUD probe: Length = the probed datagram size.</summary>
    MtuProbe,
}

/// <summary>
/// One frame as a sent packet remembers it: a compact union of plain values, so the records of
/// every packet in flight live in one reusable array (<see cref="SentFrameLog"/>).
/// </summary>
internal struct SentFrame
{
    public SentFrameKind Kind;
    public PacketNumberSpace Space;
    public StreamControlFrameKind ControlKind;
    public bool Flag;
    public int Length;
    public long A;
    public long B;
    public ulong C;

    public static SentFrame ForChunk(in StreamChunk chunk) =>
        new() { Kind = SentFrameKind.Stream, A = chunk.StreamId, B = chunk.Offset, Length = chunk.Length, Flag = chunk.Fin };

    public static SentFrame ForControl(in StreamControlFrame frame) =>
        new()
        {
            Kind = SentFrameKind.StreamControl, ControlKind = frame.Kind, A = frame.StreamId, B = frame.Value,
            C = frame.ErrorCode, Flag = frame.Bidirectional,
        };

    public readonly StreamChunk ToChunk() => new(A, B, Length, Flag);

    public readonly StreamControlFrame ToControlFrame() => new(ControlKind, A, C, B, Flag);
}
