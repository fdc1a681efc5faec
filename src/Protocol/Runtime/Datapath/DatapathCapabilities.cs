namespace QuicKestrel.Protocol.Runtime.Datapath;

/// <summary>Which datapath implementation a socket runs on.</summary>
internal enum DatapathKind
{
    /// <summary>Linux sendmsg/sendmmsg/recvmmsg through P/Invoke, with GSO/GRO/ECN/PKTINFO where the kernel has them.</summary>
    LinuxNative,
    /// <summary>System.Net.Sockets (SendTo/ReceiveFrom with a reused SocketAddress); no GSO, GRO, ECN or PKTINFO.</summary>
    Managed,
}

/// <summary>
/// What a socket can do, for the engine to size its send batches and pick its transport
/// parameters. A snapshot: GSO can be switched off later if the kernel rejects it at send time.
/// </summary>
/// <param name="Kind">The implementation behind the socket.</param>
/// <param name="Gso">One send may carry several equal-size datagrams (UDP_SEGMENT).</param>
/// <param name="Gro">Receives may deliver coalesced datagrams (UDP_GRO); split transparently.</param>
/// <param name="EcnMarking">Outgoing datagrams carry the ECN codepoint given to Send.</param>
/// <param name="EcnReceive">Received datagrams report their ECN codepoint.</param>
/// <param name="PacketInfo">Received datagrams report their local destination address, and Send can pick the source address.</param>
/// <param name="DontFragment">DF is set (IP_PMTUDISC_PROBE), so path MTU probes are not fragmented.</param>
/// <param name="MaxGsoSegments">Datagrams one Send turns into at most one syscall (1 without GSO).</param>
/// <param name="MaxSendBytes">Bytes one GSO send may hold (segments x segment size).</param>
/// <param name="MaxReceiveDatagramSize">Largest datagram delivered whole; advertise at most this as max_udp_payload_size (RFC 9000 §18.2).</param>
internal readonly record struct DatapathCapabilities(
    DatapathKind Kind,
    bool Gso,
    bool Gro,
    bool EcnMarking,
    bool EcnReceive,
    bool PacketInfo,
    bool DontFragment,
    int MaxGsoSegments,
    int MaxSendBytes,
    int MaxReceiveDatagramSize)
{
    /// <summary>The kernel's historic UDP_MAX_SEGMENTS (newer kernels allow 128).</summary>
    public const int GsoSegmentLimit = 64;

    /// <summary>
    /// Bytes in one GSO send: the kernel caps a GSO skb at IP_MAX_MTU (65,520) including the
    /// IPv4 and UDP headers (65,492 payload); kept a little lower for IP options and IPv6.
    /// </summary>
    public const int GsoByteLimit = 65_000;

    /// <summary>The largest UDP payload over IPv6 (65,535 minus the 8-byte UDP header).</summary>
    public const int MaxUdpPayload = 65_527;
}
