using QuicKestrel.Protocol.Runtime.Datapath;

namespace QuicKestrel.Protocol.Tests.Runtime.Datapath;

public class SendValidationTests
{
    [Theory]
    [MemberData(nameof(TestSockets.Implementations), MemberType = typeof(TestSockets))]
    public void Bad_arguments_are_rejected_as_values_before_the_kernel(bool managed)
    {
        var (socket, _) = TestSockets.OpenIPv4(managed, start: false);
        using (socket)
        using (UdpSender sender = socket.CreateSender())
        {
            UdpEndPoint target = UdpEndPoint.IPv4Loopback(socket.LocalEndPoint.Port);
            Assert.Equal(DatapathStatus.InvalidParameter, sender.Send([], target).Status);
            Assert.Equal(DatapathStatus.InvalidParameter, sender.Send([1], 0, target, default, EcnCodepoint.Ect0).Status);
            Assert.Equal(DatapathStatus.InvalidParameter, sender.Send([1], UdpEndPoint.IPv4Loopback(0)).Status);
            Assert.Equal(DatapathStatus.InvalidParameter, sender.Send([1], default(UdpEndPoint)).Status);
            Assert.Equal(DatapathStatus.InvalidParameter, sender.Send([1], UdpEndPoint.IPv4Any(443)).Status);
            Assert.Equal(DatapathStatus.InvalidAddress, sender.Send([1], UdpEndPoint.IPv6Loopback(443)).Status);
            Assert.Equal(DatapathStatus.InvalidAddress, sender.Send([1], 1, target, UdpEndPoint.IPv6Loopback(0), EcnCodepoint.Ect0).Status);
            Assert.Equal(DatapathStatus.MessageTooLong, sender.Send(new byte[70_000], target).Status);
        }
    }

    [Fact]
    public void IPv6_only_socket_refuses_IPv4_destinations()
    {
        if (!TestSockets.HasIPv6Loopback())
            return;
        var (socket, _) = TestSockets.OpenIPv6(managed: false);
        using (socket)
        using (UdpSender sender = socket.CreateSender())
        {
            Assert.False(socket.IsDualStack);
            Assert.Equal(DatapathStatus.InvalidAddress, sender.Send([1], UdpEndPoint.IPv4Loopback(443)).Status);
        }
    }

    [Theory]
    [MemberData(nameof(TestSockets.Implementations), MemberType = typeof(TestSockets))]
    public void Kernel_errors_come_back_as_values(bool managed)
    {
        var (socket, _) = TestSockets.OpenIPv4(managed, start: false);
        using (socket)
        using (UdpSender sender = socket.CreateSender())
        {
            // 65,510 bytes exceed the IPv4 limit of 65,507: the kernel says EMSGSIZE.
            DatapathResult result = sender.Send(new byte[65_510], UdpEndPoint.IPv4Loopback(socket.LocalEndPoint.Port));
            Assert.Equal(DatapathStatus.MessageTooLong, result.Status);
            Assert.NotEqual(0, result.OsError);
        }
    }
}
