using System.Net;
using System.Net.Sockets;

namespace QuicKestrel.Transport.Tests.Infrastructure;

/// <summary>
/// A loopback port free for both TCP and UDP. HTTP/3 needs an explicit port: Kestrel turns
/// HTTP/3 off on dynamic port 0 when HTTP/1.1 and HTTP/2 share the endpoint.
/// </summary>
internal static class FreePort
{
    public static int Next()
    {
        for (int attempt = 0; attempt < 50; attempt++)
        {
            using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            tcp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            int port = ((IPEndPoint)tcp.LocalEndPoint!).Port;
            try
            {
                using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                udp.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException)
            {
                // Taken for UDP: try another.
            }
        }
        throw new InvalidOperationException("No loopback port is free for both TCP and UDP.");
    }
}
