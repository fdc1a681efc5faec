using System.Runtime.InteropServices;

namespace QuicKestrel.Protocol.Api;

/// <summary>A listener's counters, read with <see cref="QuicParam.ListenerStats"/>: MsQuic's <c>QUIC_LISTENER_STATISTICS</c>, byte for byte (24 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct QuicListenerStatistics
{
    /// <summary>Connections the application accepted in NEW_CONNECTION.</summary>
    public ulong TotalAcceptedConnections { get; internal set; }

    /// <summary>Connections rejected, by the application or for lack of resources.</summary>
    public ulong TotalRejectedConnections { get; internal set; }

    /// <summary>Datagrams the listener's socket dropped (malformed, unroutable, or over the stateless-operation limits).</summary>
    public ulong BindingRecvDroppedPackets { get; internal set; }
}
