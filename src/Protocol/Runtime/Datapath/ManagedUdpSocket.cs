using System.Net;
using System.Net.Sockets;

namespace QuicKestrel.Protocol.Runtime.Datapath;

/// <summary>
/// The portable datapath on System.Net.Sockets: a blocking ReceiveFrom on the receive
/// thread and SendTo per datagram, both with a reused SocketAddress, so steady state does
/// not allocate. No GSO, GRO, ECN or local-address information (.NET offers
/// ReceiveMessageFrom only in forms that allocate per call).
/// </summary>
internal sealed class ManagedUdpSocket : UdpSocket
{
    private readonly Socket _socket;
    private readonly DatagramBufferPool _pool;
    private readonly bool _dontFragment;
    private readonly int _maxDatagramSize;

    private ManagedUdpSocket(UdpSocketOptions options, IDatagramReceiver receiver, Socket socket, bool dontFragment)
        : base(options, receiver)
    {
        _socket = socket;
        _dontFragment = dontFragment;
        _maxDatagramSize = options.MaxReceiveDatagramSize;
        // One spare byte: .NET does not report truncation on every OS, so a datagram that
        // fills the whole buffer is known to be too large.
        _pool = new DatagramBufferPool(options.MaxReceiveDatagramSize + 1, LinuxUdpSocket.RetainedBuffers(options.MaxReceiveDatagramSize + 1, 1));
    }

    internal Socket Socket => _socket;

    public override DatapathCapabilities Capabilities => new(
        DatapathKind.Managed, Gso: false, Gro: false, EcnMarking: false, EcnReceive: false, PacketInfo: false,
        DontFragment: _dontFragment, MaxGsoSegments: 1, MaxSendBytes: DatapathCapabilities.MaxUdpPayload,
        MaxReceiveDatagramSize: _maxDatagramSize);

    public static DatapathResult OpenManaged(UdpSocketOptions options, IDatagramReceiver receiver, out UdpSocket? socket)
    {
        socket = null;
        bool dualStack = options.DualStack || options.LocalEndPoint.IsNone;
        UdpEndPoint local = options.LocalEndPoint.IsNone ? UdpEndPoint.IPv6Any(0) : options.LocalEndPoint;
        AddressFamily family = dualStack || local.IsIPv6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;
        IPAddress address = local.ToIPAddress();
        if (family == AddressFamily.InterNetworkV6 && local.IsIPv4)
            address = address.MapToIPv6();

        Socket? s = null;
        try
        {
            s = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
            if (family == AddressFamily.InterNetworkV6)
                s.DualMode = dualStack;
            bool dontFragment = Configure(s, options);
            s.Bind(new IPEndPoint(address, local.Port));
            var bound = (IPEndPoint)s.LocalEndPoint!;
            socket = new ManagedUdpSocket(options, receiver, s, dontFragment)
            {
                LocalEndPoint = UdpEndPoint.FromIPEndPoint(bound),
                IsDualStack = dualStack,
                Family = family,
                ReceiveBufferBytes = s.ReceiveBufferSize,
                SendBufferBytes = s.SendBufferSize,
            };
            return DatapathResult.Success;
        }
        catch (SocketException exception)
        {
            s?.Dispose();
            return ManagedSocketAddress.ToResult(exception);
        }
    }

    public override UdpSender CreateSender() => new ManagedUdpSender(this);

    private protected override void Close() => _socket.Dispose();

    private protected override DatapathResult ReceiveLoop(IDatagramReceiver receiver)
    {
        var from = new SocketAddress(_socket.AddressFamily);
        DatagramBuffer buffer = _pool.Rent();
        try
        {
            while (!IsClosed)
            {
                DatapathResult result = ReceiveOne(buffer, from, out int length);
                if (IsClosed)
                    break;
                if (!result.IsSuccess)
                    return result;
                if (length > _maxDatagramSize)
                    CountDropped();
                if (length <= 0 || length > _maxDatagramSize)
                    continue;
                buffer.Length = length;
                buffer.SegmentSize = length;
                buffer.RemoteEndPoint = ManagedSocketAddress.Read(from);
                Deliver(receiver, buffer);
                receiver.OnReceiveBatchCompleted(this);
                if (buffer.ReferenceCount != 1)
                {
                    buffer.Release();
                    buffer = _pool.Rent();
                }
            }
            return new DatapathResult(DatapathStatus.Aborted);
        }
        finally
        {
            buffer.Release();
        }
    }

    // Errors that concern one datagram (too big, an ICMP error reported on Windows) give
    // length 0 and a success; closing the socket surfaces as an abort.
    private DatapathResult ReceiveOne(DatagramBuffer buffer, SocketAddress from, out int length)
    {
        length = 0;
        try
        {
            length = _socket.ReceiveFrom(buffer.Span, SocketFlags.None, from);
            return DatapathResult.Success;
        }
        catch (SocketException exception) when (exception.SocketErrorCode is SocketError.MessageSize or SocketError.ConnectionReset)
        {
            if (exception.SocketErrorCode == SocketError.MessageSize)
                CountDropped();
            return DatapathResult.Success;
        }
        catch (SocketException exception)
        {
            return ManagedSocketAddress.ToResult(exception);
        }
        catch (ObjectDisposedException)
        {
            return new DatapathResult(DatapathStatus.Aborted);
        }
    }

    private static bool Configure(Socket socket, UdpSocketOptions options)
    {
        TrySet(() => socket.ReceiveBufferSize = options.ReceiveBufferBytes);
        TrySet(() => socket.SendBufferSize = options.SendBufferBytes);
        return TrySet(() => socket.DontFragment = true);
    }

    // Socket options are best effort: a platform that refuses one still gets a working socket.
    private static bool TrySet(Action set)
    {
        try
        {
            set();
            return true;
        }
        catch (Exception exception) when (exception is SocketException or NotSupportedException)
        {
            return false;
        }
    }
}
