using System.Runtime.InteropServices;

namespace QuicKestrel.Protocol.Api;

/// <summary>
/// Where a stream's sending was held up, in microseconds of accumulated time, read with
/// <see cref="QuicParam.StreamStatistics"/>: MsQuic's <c>QUIC_STREAM_STATISTICS</c>, byte for
/// byte (64 bytes).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct QuicStreamStatistics
{
    /// <summary>The connection was sending other streams' data.</summary>
    public ulong ConnBlockedBySchedulingUs { get; internal set; }

    /// <summary>The connection waited for the pacer.</summary>
    public ulong ConnBlockedByPacingUs { get; internal set; }

    /// <summary>The connection waited for the anti-amplification limit (RFC 9000 §8.1).</summary>
    public ulong ConnBlockedByAmplificationProtUs { get; internal set; }

    /// <summary>The connection waited for the congestion window.</summary>
    public ulong ConnBlockedByCongestionControlUs { get; internal set; }

    /// <summary>The connection waited for connection-level flow control (MAX_DATA).</summary>
    public ulong ConnBlockedByFlowControlUs { get; internal set; }

    /// <summary>The stream waited for the peer's stream limit (MAX_STREAMS).</summary>
    public ulong StreamBlockedByIdFlowControlUs { get; internal set; }

    /// <summary>The stream waited for stream-level flow control (MAX_STREAM_DATA).</summary>
    public ulong StreamBlockedByFlowControlUs { get; internal set; }

    /// <summary>The stream had no data from the application.</summary>
    public ulong StreamBlockedByAppUs { get; internal set; }
}
