using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace QuicKestrel.Protocol.Runtime.Datapath;

/// <summary>
/// Reads and writes a reusable <see cref="SocketAddress"/> without allocating. The family
/// goes through SocketAddress itself (its encoding differs per OS); port, address and scope
/// sit at the same offsets in sockaddr_in/sockaddr_in6 on Linux, Windows and the BSDs.
/// </summary>
internal static class ManagedSocketAddress
{
    public static void Write(in UdpEndPoint endPoint, SocketAddress destination)
    {
        Span<byte> bytes = destination.Buffer.Span;
        BinaryPrimitives.WriteUInt16BigEndian(bytes.Slice(2), endPoint.Port);
        if (destination.Family == AddressFamily.InterNetwork)
        {
            endPoint.WriteAddress(bytes.Slice(4));
            return;
        }
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.Slice(4), 0); // flow info
        endPoint.WriteIPv6MappedAddress(bytes.Slice(8));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.Slice(24), endPoint.ScopeId);
    }

    public static UdpEndPoint Read(SocketAddress source)
    {
        ReadOnlySpan<byte> bytes = source.Buffer.Span[..source.Size];
        ushort port = BinaryPrimitives.ReadUInt16BigEndian(bytes.Slice(2));
        return source.Family switch
        {
            AddressFamily.InterNetwork when bytes.Length >= 8 => new UdpEndPoint(bytes.Slice(4, 4), port),
            AddressFamily.InterNetworkV6 when bytes.Length >= 28 =>
                new UdpEndPoint(bytes.Slice(8, 16), port, BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(24))),
            _ => default,
        };
    }

    public static DatapathResult ToResult(SocketException exception) =>
        new(ToStatus(exception.SocketErrorCode), (int)exception.SocketErrorCode);

    public static DatapathStatus ToStatus(SocketError error) => error switch
    {
        SocketError.Success => DatapathStatus.Success,
        SocketError.AddressAlreadyInUse => DatapathStatus.AddressInUse,
        SocketError.AddressNotAvailable => DatapathStatus.AddressNotAvailable,
        SocketError.AddressFamilyNotSupported or SocketError.ProtocolFamilyNotSupported => DatapathStatus.InvalidAddress,
        SocketError.AccessDenied => DatapathStatus.AccessDenied,
        SocketError.InvalidArgument => DatapathStatus.InvalidParameter,
        SocketError.MessageSize => DatapathStatus.MessageTooLong,
        SocketError.WouldBlock => DatapathStatus.WouldBlock,
        SocketError.NoBufferSpaceAvailable => DatapathStatus.OutOfMemory,
        SocketError.NetworkUnreachable => DatapathStatus.NetworkUnreachable,
        SocketError.HostUnreachable => DatapathStatus.HostUnreachable,
        SocketError.ConnectionRefused or SocketError.ConnectionReset => DatapathStatus.ConnectionRefused,
        SocketError.OperationNotSupported or SocketError.ProtocolOption => DatapathStatus.NotSupported,
        SocketError.OperationAborted or SocketError.Interrupted or SocketError.Shutdown or SocketError.NotSocket => DatapathStatus.Aborted,
        _ => DatapathStatus.InternalError,
    };
}
