namespace QuicKestrel.Protocol.Api;

/// <summary>
/// How a connection shares its sending among streams of equal priority
/// (<see cref="QuicParam.ConnStreamSchedulingScheme"/>). MsQuic's <c>QUIC_STREAM_SCHEDULING_SCHEME</c>.
/// </summary>
public enum QuicStreamSchedulingScheme
{
    /// <summary>First come, first served: a stream's queued data goes out before the next stream's (<c>QUIC_STREAM_SCHEDULING_SCHEME_FIFO</c>). The default.</summary>
    Fifo = 0,

    /// <summary>Streams take turns, so their data is multiplexed evenly (<c>QUIC_STREAM_SCHEDULING_SCHEME_ROUND_ROBIN</c>).</summary>
    RoundRobin = 1,
}
