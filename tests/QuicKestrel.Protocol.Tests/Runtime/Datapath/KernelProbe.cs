using System.Net;
using System.Net.Sockets;

namespace QuicKestrel.Protocol.Tests.Runtime.Datapath;

/// <summary>
/// Asks the kernel about UDP_SEGMENT, UDP_GRO and IP_RECVTOS through System.Net.Sockets' raw
/// socket options: an expectation independent of the datapath's own P/Invoke probing.
/// </summary>
internal static class KernelProbe
{
    private const int SolUdp = 17, UdpSegment = 103, UdpGro = 104, SolIp = 0, IpRecvTos = 13;

    public static bool HasGso => OperatingSystem.IsLinux() && Try(s => s.GetRawSocketOption(SolUdp, UdpSegment, new byte[4]));
    public static bool HasGro => OperatingSystem.IsLinux() && Try(s => s.SetRawSocketOption(SolUdp, UdpGro, BitConverter.GetBytes(1)));
    public static bool HasRecvTos => OperatingSystem.IsLinux() && Try(s => s.SetRawSocketOption(SolIp, IpRecvTos, BitConverter.GetBytes(1)));

    private static bool Try(Action<Socket> probe)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        try
        {
            probe(socket);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
