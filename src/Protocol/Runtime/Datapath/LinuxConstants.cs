namespace QuicKestrel.Protocol.Runtime.Datapath;

/// <summary>Socket constants of the generic Linux ABI (x86-64, arm64).</summary>
internal static class LinuxConstants
{
    public const int AF_INET = 2;
    public const int AF_INET6 = 10;
    public const int SOCK_DGRAM = 2;
    public const int SOCK_CLOEXEC = 0x80000;
    public const int IPPROTO_UDP = 17;
    public const int SHUT_RDWR = 2;

    public const int SOL_SOCKET = 1;
    public const int SO_SNDBUF = 7;
    public const int SO_RCVBUF = 8;
    public const int SO_RCVTIMEO = 20;
    public const int SO_SNDBUFFORCE = 32;
    public const int SO_RCVBUFFORCE = 33;

    public const int SOL_IP = 0;
    public const int IP_TOS = 1;
    public const int IP_PKTINFO = 8;
    public const int IP_MTU_DISCOVER = 10;
    public const int IP_RECVTOS = 13;
    public const int IP_PMTUDISC_PROBE = 3;

    public const int SOL_IPV6 = 41;
    public const int IPV6_MTU_DISCOVER = 23;
    public const int IPV6_V6ONLY = 26;
    public const int IPV6_RECVPKTINFO = 49;
    public const int IPV6_PKTINFO = 50;
    public const int IPV6_RECVTCLASS = 66;
    public const int IPV6_TCLASS = 67;
    public const int IPV6_PMTUDISC_PROBE = 3;

    public const int SOL_UDP = 17;
    public const int UDP_SEGMENT = 103;
    public const int UDP_GRO = 104;

    public const int MSG_TRUNC = 0x20;
    public const int MSG_WAITFORONE = 0x10000;

    public const int SockAddrIn6Size = 28;
    public const int SockAddrIn4Size = 16;
}

/// <summary>The errno values the datapath tells apart.</summary>
internal static class Errno
{
    public const int EPERM = 1;
    public const int EINTR = 4;
    public const int EIO = 5;
    public const int EBADF = 9;
    public const int EAGAIN = 11;
    public const int ENOMEM = 12;
    public const int EACCES = 13;
    public const int EPIPE = 32;
    public const int EINVAL = 22;
    public const int EMSGSIZE = 90;
    public const int ENOPROTOOPT = 92;
    public const int EOPNOTSUPP = 95;
    public const int EAFNOSUPPORT = 97;
    public const int EADDRINUSE = 98;
    public const int EADDRNOTAVAIL = 99;
    public const int ENETUNREACH = 101;
    public const int ENOBUFS = 105;
    public const int ENOTCONN = 107;
    public const int ECONNREFUSED = 111;
    public const int EHOSTUNREACH = 113;

    public static DatapathResult ToResult(int errno) => new(ToStatus(errno), errno);

    public static DatapathStatus ToStatus(int errno) => errno switch
    {
        0 => DatapathStatus.Success,
        EAGAIN => DatapathStatus.WouldBlock,
        ENOMEM or ENOBUFS => DatapathStatus.OutOfMemory,
        EACCES or EPERM => DatapathStatus.AccessDenied,
        EINVAL => DatapathStatus.InvalidParameter,
        EMSGSIZE => DatapathStatus.MessageTooLong,
        EOPNOTSUPP or ENOPROTOOPT => DatapathStatus.NotSupported,
        EAFNOSUPPORT => DatapathStatus.InvalidAddress,
        EADDRINUSE => DatapathStatus.AddressInUse,
        EADDRNOTAVAIL => DatapathStatus.AddressNotAvailable,
        ENETUNREACH => DatapathStatus.NetworkUnreachable,
        ECONNREFUSED => DatapathStatus.ConnectionRefused,
        EHOSTUNREACH => DatapathStatus.HostUnreachable,
        EBADF or EPIPE => DatapathStatus.Aborted,
        _ => DatapathStatus.InternalError,
    };

    /// <summary>Receive errors that say nothing about the socket's health: retry.</summary>
    public static bool IsTransientReceiveError(int errno) =>
        errno is EINTR or EAGAIN or ENOMEM or ENOBUFS or ECONNREFUSED or EHOSTUNREACH or ENETUNREACH;
}
