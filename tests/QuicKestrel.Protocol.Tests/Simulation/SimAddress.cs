using System.Net;

namespace QuicKestrel.Protocol.Tests.Simulation;

/// <summary>Fake addresses for simulated nodes (nothing here touches a socket).</summary>
internal static class SimAddress
{
    /// <summary>10.0.x.y:port for host number <paramref name="host"/> (1-based, below 65,536).</summary>
    public static IPEndPoint V4(int host, int port = 443) =>
        new(new IPAddress([10, 0, (byte)(host >> 8), (byte)host]), port);

    /// <summary>fd00::host:port, a unique-local IPv6 address.</summary>
    public static IPEndPoint V6(int host, int port = 443)
    {
        var bytes = new byte[16];
        bytes[0] = 0xfd;
        bytes[14] = (byte)(host >> 8);
        bytes[15] = (byte)host;
        return new IPEndPoint(new IPAddress(bytes), port);
    }
}
