using System.Net.NetworkInformation;
using System.Net.Sockets;
using QuicKestrel.Protocol.Runtime.Datapath;

namespace QuicKestrel.Protocol.Tests.Runtime.Datapath;

/// <summary>Opens loopback sockets for the tests and checks what the machine offers.</summary>
internal static class TestSockets
{
    /// <summary>Native and managed, as theory data (the native path falls back to managed off Linux).</summary>
    public static TheoryData<bool> Implementations => new() { false, true };

    public static (UdpSocket Socket, DatagramCollector Collector) Open(UdpSocketOptions options, bool start = true)
    {
        var collector = new DatagramCollector();
        DatapathResult result = UdpSocket.Open(options, collector, out UdpSocket? socket);
        Assert.True(result.IsSuccess, $"open {options.LocalEndPoint}: {result}");
        Assert.NotNull(socket);
        if (start)
            Assert.True(socket.StartReceiving().IsSuccess);
        return (socket, collector);
    }

    public static (UdpSocket Socket, DatagramCollector Collector) OpenIPv4(bool managed, bool gso = true, bool gro = true, bool start = true) =>
        Open(new UdpSocketOptions { LocalEndPoint = UdpEndPoint.IPv4Loopback(0), ForceManaged = managed, EnableGso = gso, EnableGro = gro }, start);

    public static (UdpSocket Socket, DatagramCollector Collector) OpenIPv6(bool managed) =>
        Open(new UdpSocketOptions { LocalEndPoint = UdpEndPoint.IPv6Loopback(0), ForceManaged = managed });

    /// <summary>True when the loopback interface carries ::1 (then IPv6 tests must work).</summary>
    public static bool HasIPv6Loopback()
    {
        if (!Socket.OSSupportsIPv6)
            return false;
        foreach (NetworkInterface nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            if (nic.NetworkInterfaceType != NetworkInterfaceType.Loopback)
                continue;
            foreach (UnicastIPAddressInformation address in nic.GetIPProperties().UnicastAddresses)
            {
                if (System.Net.IPAddress.IPv6Loopback.Equals(address.Address))
                    return true;
            }
        }
        return false;
    }

    public static byte[] Pattern(int length, int seed)
    {
        var bytes = new byte[length];
        for (int i = 0; i < length; i++)
            bytes[i] = (byte)(seed * 31 + i * 7);
        return bytes;
    }

    public static bool IsLinuxNative => LinuxUdpSocket.IsSupported;
}
