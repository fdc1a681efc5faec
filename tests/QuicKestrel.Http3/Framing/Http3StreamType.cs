namespace QuicKestrel.Http3.Framing;

/// <summary>Unidirectional stream types, the varint that starts every unidirectional stream (RFC 9114 §6.2, RFC 9204 §4.2).</summary>
public static class Http3StreamType
{
    /// <summary>The control stream; exactly one per endpoint, starting with SETTINGS.</summary>
    public const ulong Control = 0x00;

    /// <summary>A push stream (server to client only).</summary>
    public const ulong Push = 0x01;

    /// <summary>The QPACK encoder stream.</summary>
    public const ulong QpackEncoder = 0x02;

    /// <summary>The QPACK decoder stream.</summary>
    public const ulong QpackDecoder = 0x03;
}
