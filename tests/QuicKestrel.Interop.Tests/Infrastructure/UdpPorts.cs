using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace QuicKestrel.Interop.Tests.Infrastructure;

/// <summary>Loopback UDP ports for peers that need a port number on their command line.</summary>
internal static class UdpPorts
{
    /// <summary>A port the kernel just handed out for 127.0.0.1 (released again, so a peer can bind it).</summary>
    public static int FindFree()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    /// <summary>
    /// Whether some socket is bound to 127.0.0.1:<paramref name="port"/>, read from /proc/net/udp
    /// rather than by trying to bind it (a probe would steal the port from the peer starting up).
    /// </summary>
    public static bool IsBound(int port)
    {
        string wanted = "0100007F:" + port.ToString("X4", CultureInfo.InvariantCulture); // little-endian 127.0.0.1
        foreach (string line in File.ReadLines("/proc/net/udp"))
        {
            string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 1 && fields[1] == wanted)
                return true;
        }
        return false;
    }
}
