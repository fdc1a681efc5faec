namespace QuicKestrel.Protocol.Runtime.Datapath;

/// <summary>
/// Outcome of a datapath operation. The numbers are the Linux errno values of the matching
/// condition, which are also MsQuic's Linux QUIC_STATUS values where one exists
/// (ADDRESS_IN_USE 98, ADDRESS_NOT_AVAILABLE 99, INVALID_ADDRESS 97, UNREACHABLE 113, ...),
/// so the API layer maps most of them by identity.
/// </summary>
internal enum DatapathStatus
{
    Success = 0,
    /// <summary>The call does not fit the socket's state (e.g. receiving started twice).</summary>
    InvalidState = 1,
    /// <summary>Any other operating-system error; <see cref="DatapathResult.OsError"/> says which.</summary>
    InternalError = 5,
    /// <summary>A non-blocking operation could not complete now (send buffer full).</summary>
    WouldBlock = 11,
    /// <summary>The kernel is short of memory or socket buffers (ENOMEM, ENOBUFS).</summary>
    OutOfMemory = 12,
    /// <summary>Binding a privileged port or an option needing privileges was refused.</summary>
    AccessDenied = 13,
    InvalidParameter = 22,
    /// <summary>The datagram exceeds the path or interface MTU (don't-fragment is set).</summary>
    MessageTooLong = 90,
    NotSupported = 95,
    /// <summary>The address family does not fit the socket or the machine (EAFNOSUPPORT).</summary>
    InvalidAddress = 97,
    AddressInUse = 98,
    /// <summary>The local address is not assigned to this machine (EADDRNOTAVAIL).</summary>
    AddressNotAvailable = 99,
    NetworkUnreachable = 101,
    ConnectionRefused = 111,
    HostUnreachable = 113,
    /// <summary>The socket was closed.</summary>
    Aborted = 125,
    /// <summary>The receive handler threw; the receive loop stopped (see UdpSocket.ReceiveFault).</summary>
    ReceiverFaulted = 1000,
}
