using static QuicKestrel.Protocol.Runtime.Datapath.LinuxConstants;

namespace QuicKestrel.Protocol.Runtime.Datapath;

/// <summary>The options a fresh native socket got; each is probed, a refusal only turns a feature off.</summary>
internal readonly record struct LinuxSocketFeatures(
    bool Gso, bool Gro, bool EcnReceive, bool PacketInfo, bool DontFragment,
    int ReceiveBufferBytes, int SendBufferBytes);

/// <summary>Applies the datapath's socket options to a new descriptor and binds it.</summary>
internal static unsafe class LinuxSocketSetup
{
    public static DatapathResult SetDualStack(int fd, bool dualStack)
    {
        // Set explicitly either way, so the net.ipv6.bindv6only sysctl cannot change the meaning.
        return LinuxInterop.SetInt(fd, SOL_IPV6, IPV6_V6ONLY, dualStack ? 0 : 1) == 0
            ? DatapathResult.Success
            : Errno.ToResult(LinuxInterop.Errno);
    }

    public static LinuxSocketFeatures Configure(int fd, bool ipv6Socket, bool dualStack, UdpSocketOptions options)
    {
        bool carriesIPv4 = !ipv6Socket || dualStack;
        int receiveBuffer = SetBufferSize(fd, SO_RCVBUFFORCE, SO_RCVBUF, options.ReceiveBufferBytes);
        int sendBuffer = SetBufferSize(fd, SO_SNDBUFFORCE, SO_SNDBUF, options.SendBufferBytes);

        // DF on every datagram without consulting the kernel's path-MTU cache: QUIC runs its
        // own path MTU discovery (RFC 9000 §14.2-14.3), so probes must not be fragmented.
        bool dontFragment = SetForFamilies(fd, ipv6Socket, carriesIPv4,
            IP_MTU_DISCOVER, IP_PMTUDISC_PROBE, IPV6_MTU_DISCOVER, IPV6_PMTUDISC_PROBE);
        bool ecnReceive = options.EnableEcn && SetForFamilies(fd, ipv6Socket, carriesIPv4, IP_RECVTOS, 1, IPV6_RECVTCLASS, 1);
        bool packetInfo = SetForFamilies(fd, ipv6Socket, carriesIPv4, IP_PKTINFO, 1, IPV6_RECVPKTINFO, 1);

        // UDP_SEGMENT exists since Linux 4.18, UDP_GRO since 5.0. GSO is used per send via a
        // control message, so reading the option only checks that the kernel knows it.
        bool gso = options.EnableGso && LinuxInterop.TryGetInt(fd, SOL_UDP, UDP_SEGMENT, out _);
        bool gro = options.EnableGro && LinuxInterop.SetInt(fd, SOL_UDP, UDP_GRO, 1) == 0;

        SetReceiveTimeout(fd, UdpSocket.ReceiveWakeInterval);
        return new LinuxSocketFeatures(gso, gro, ecnReceive, packetInfo, dontFragment, receiveBuffer, sendBuffer);
    }

    public static DatapathResult Bind(int fd, bool ipv6Socket, in UdpEndPoint local, out UdpEndPoint bound)
    {
        bound = default;
        byte* address = stackalloc byte[LinuxSocketAddress.MaxSize];
        uint length = LinuxSocketAddress.Write(local, ipv6Socket, address);
        if (LinuxInterop.Bind(fd, address, length) != 0)
            return Errno.ToResult(LinuxInterop.Errno);

        length = LinuxSocketAddress.MaxSize;
        if (LinuxInterop.GetSockName(fd, address, &length) != 0)
            return Errno.ToResult(LinuxInterop.Errno);
        bound = LinuxSocketAddress.Read(address, length);
        return DatapathResult.Success;
    }

    // Tries the privileged variant first (ignores net.core.*mem_max), then the capped one;
    // returns what the kernel granted (it reports double the request, for its bookkeeping).
    private static int SetBufferSize(int fd, int forceOption, int option, int bytes)
    {
        if (LinuxInterop.SetInt(fd, SOL_SOCKET, forceOption, bytes) != 0)
            LinuxInterop.SetInt(fd, SOL_SOCKET, option, bytes);
        return LinuxInterop.TryGetInt(fd, SOL_SOCKET, option, out int granted) ? granted : 0;
    }

    private static bool SetForFamilies(int fd, bool ipv6Socket, bool carriesIPv4, int ipv4Option, int ipv4Value, int ipv6Option, int ipv6Value)
    {
        bool ok = true;
        if (carriesIPv4)
            ok &= LinuxInterop.SetInt(fd, SOL_IP, ipv4Option, ipv4Value) == 0;
        if (ipv6Socket)
            ok &= LinuxInterop.SetInt(fd, SOL_IPV6, ipv6Option, ipv6Value) == 0;
        return ok;
    }

    private static void SetReceiveTimeout(int fd, TimeSpan interval)
    {
        var value = new TimeValue { Seconds = (long)interval.TotalSeconds, Microseconds = interval.Milliseconds * 1000L };
        LinuxInterop.SetSockOpt(fd, SOL_SOCKET, SO_RCVTIMEO, &value, (uint)sizeof(TimeValue));
    }
}
