using System.Runtime.InteropServices;

namespace QuicKestrel.Protocol.Api;

/// <summary>
/// The congestion state of a connection's path, read with <see cref="QuicParam.ConnNetworkStatistics"/>:
/// MsQuic's <c>QUIC_NETWORK_STATISTICS</c> (a preview structure), byte for byte (48 bytes).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct QuicNetworkStatistics
{
    /// <summary>Bytes sent and not yet acknowledged or declared lost.</summary>
    public uint BytesInFlight { get; internal set; }

    /// <summary>Bytes queued by the application and not yet acknowledged, including bytes in flight.</summary>
    public ulong PostedBytes { get; internal set; }

    /// <summary>How many bytes should be queued so the path never waits for the application.</summary>
    public ulong IdealBytes { get; internal set; }

    /// <summary>The smoothed RTT, in microseconds.</summary>
    public ulong SmoothedRtt { get; internal set; }

    /// <summary>The congestion window, in bytes.</summary>
    public uint CongestionWindow { get; internal set; }

    /// <summary>The estimated bandwidth, in bytes per second.</summary>
    public ulong Bandwidth { get; internal set; }
}
