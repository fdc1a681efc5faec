using QuicKestrel.Protocol.Runtime.Datapath;
using Xunit.Abstractions;

namespace QuicKestrel.Protocol.Tests.Runtime.Datapath;

public class CapabilityTests(ITestOutputHelper output)
{
    [Fact]
    public void Native_capabilities_match_what_the_kernel_reports()
    {
        var (socket, _) = TestSockets.OpenIPv4(managed: false, start: false);
        using (socket)
        {
            DatapathCapabilities caps = socket.Capabilities;
            output.WriteLine($"{Environment.OSVersion}: {caps}; SO_RCVBUF {socket.ReceiveBufferBytes}, SO_SNDBUF {socket.SendBufferBytes}");
            if (!TestSockets.IsLinuxNative)
            {
                Assert.Equal(DatapathKind.Managed, caps.Kind);
                return;
            }
            Assert.Equal(DatapathKind.LinuxNative, caps.Kind);
            Assert.Equal(KernelProbe.HasGso, caps.Gso);
            Assert.Equal(KernelProbe.HasGro, caps.Gro);
            Assert.Equal(KernelProbe.HasRecvTos, caps.EcnReceive);
            Assert.True(caps.EcnMarking);
            Assert.True(caps.DontFragment);
            Assert.Equal(caps.Gso ? 64 : 1, caps.MaxGsoSegments);
            Assert.Equal(caps.Gro ? DatapathCapabilities.MaxUdpPayload : 2048, caps.MaxReceiveDatagramSize);
        }
    }

    [Fact]
    public void Socket_buffers_are_sized_for_high_bandwidth_delay_products()
    {
        var (socket, _) = TestSockets.OpenIPv4(managed: false, start: false);
        using (socket)
        {
            // Linux reports twice the granted size. Without privileges the grant is capped by
            // net.core.rmem_max / wmem_max, so only require what a default kernel allows.
            int floor = Math.Min(ReadSysctl("/proc/sys/net/core/rmem_max"), 8 * 1024 * 1024);
            output.WriteLine($"SO_RCVBUF {socket.ReceiveBufferBytes}, SO_SNDBUF {socket.SendBufferBytes}, rmem_max {floor}");
            Assert.True(socket.ReceiveBufferBytes >= floor, $"receive buffer {socket.ReceiveBufferBytes} < {floor}");
            Assert.True(socket.SendBufferBytes >= Math.Min(ReadSysctl("/proc/sys/net/core/wmem_max"), 4 * 1024 * 1024));
        }
    }

    [Fact]
    public void Disabled_features_are_reported_off()
    {
        var (socket, _) = TestSockets.Open(new UdpSocketOptions
        {
            LocalEndPoint = UdpEndPoint.IPv4Loopback(0), EnableGso = false, EnableGro = false, EnableEcn = false,
        }, start: false);
        using (socket)
        {
            DatapathCapabilities caps = socket.Capabilities;
            Assert.False(caps.Gso || caps.Gro || caps.EcnMarking || caps.EcnReceive);
            Assert.Equal(1, caps.MaxGsoSegments);
        }
    }

    [Fact]
    public void Managed_fallback_reports_no_offloads()
    {
        var (socket, _) = TestSockets.OpenIPv4(managed: true, start: false);
        using (socket)
        {
            DatapathCapabilities caps = socket.Capabilities;
            Assert.Equal(DatapathKind.Managed, caps.Kind);
            Assert.False(caps.Gso || caps.Gro || caps.EcnMarking || caps.EcnReceive || caps.PacketInfo);
            Assert.Equal(1, caps.MaxGsoSegments);
        }
    }

    private static int ReadSysctl(string path) =>
        File.Exists(path) && int.TryParse(File.ReadAllText(path).Trim(), out int value) ? value : 0;
}
