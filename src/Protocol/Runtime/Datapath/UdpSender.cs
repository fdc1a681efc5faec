using System.Net.Sockets;

namespace QuicKestrel.Protocol.Runtime.Datapath;

/// <summary>
/// Sends datagrams on one <see cref="UdpSocket"/> for one thread at a time (a worker keeps
/// its own). Reuses its message headers, control-message memory and encoded destination,
/// so a send allocates nothing. Sends block while the socket's send buffer is full.
/// </summary>
internal abstract class UdpSender : IDisposable
{
    private protected UdpSender(UdpSocket socket)
    {
        Socket = socket;
    }

    public UdpSocket Socket { get; }

    /// <summary>
    /// Sends <paramref name="datagrams"/> as consecutive datagrams of
    /// <paramref name="segmentSize"/> bytes (the last may be shorter) to
    /// <paramref name="remote"/>: one GSO send where the kernel has it, else one
    /// sendmmsg batch (or one sendto per datagram on the managed path).
    /// <paramref name="local"/> picks the source address (a server bound to a wildcard
    /// replies from the address the peer used); <c>default</c> lets the kernel choose.
    /// <paramref name="ecn"/> is written into the TOS / traffic-class byte.
    /// </summary>
    public abstract DatapathResult Send(
        ReadOnlySpan<byte> datagrams, int segmentSize, in UdpEndPoint remote, in UdpEndPoint local, EcnCodepoint ecn);

    /// <summary>Sends one datagram.</summary>
    public DatapathResult Send(ReadOnlySpan<byte> datagram, in UdpEndPoint remote, EcnCodepoint ecn = EcnCodepoint.Ect0) =>
        Send(datagram, datagram.Length, remote, default, ecn);

    public abstract void Dispose();

    /// <summary>Argument checks shared by both implementations; they never reach the kernel.</summary>
    private protected DatapathStatus Validate(ReadOnlySpan<byte> datagrams, int segmentSize, in UdpEndPoint remote, in UdpEndPoint local)
    {
        if (datagrams.IsEmpty || segmentSize <= 0)
            return DatapathStatus.InvalidParameter;
        if (Math.Min(segmentSize, datagrams.Length) > DatapathCapabilities.MaxUdpPayload)
            return DatapathStatus.MessageTooLong;
        if (remote.IsNone || remote.Port == 0 || remote.IsWildcard)
            return DatapathStatus.InvalidParameter;
        if (!CanReach(remote) || (!local.IsNone && local.Family != remote.Family))
            return DatapathStatus.InvalidAddress;
        return DatapathStatus.Success;
    }

    private bool CanReach(in UdpEndPoint remote) => Socket.Family switch
    {
        AddressFamily.InterNetwork => remote.IsIPv4,
        AddressFamily.InterNetworkV6 => remote.IsIPv6 || Socket.IsDualStack,
        _ => false,
    };
}
