using System.Net.Sockets;
using QuicKestrel.Protocol.Runtime.Datapath;

namespace QuicKestrel.Protocol.Tests.Runtime.Datapath;

public class LoopbackAddressingTests
{
    [Theory]
    [MemberData(nameof(TestSockets.Implementations), MemberType = typeof(TestSockets))]
    public void IPv4_datagrams_arrive_exactly_with_the_sender_address(bool managed)
    {
        var (server, serverSeen) = TestSockets.OpenIPv4(managed);
        var (client, _) = TestSockets.OpenIPv4(managed);
        using (server)
        using (client)
        using (UdpSender sender = client.CreateSender())
        {
            Assert.Equal(managed ? DatapathKind.Managed : DatapathKind.LinuxNative, server.Capabilities.Kind);
            byte[] payload = TestSockets.Pattern(1200, 1);
            Assert.True(sender.Send(payload, server.LocalEndPoint).IsSuccess);

            Received received = Assert.Single(serverSeen.WaitFor(1));
            Assert.Equal(payload, received.Payload);
            Assert.Equal(client.LocalEndPoint, received.Remote);
            Assert.True(received.Remote.IsIPv4);
        }
    }

    [Theory]
    [MemberData(nameof(TestSockets.Implementations), MemberType = typeof(TestSockets))]
    public void IPv6_loopback_works_when_the_machine_has_it(bool managed)
    {
        if (!TestSockets.HasIPv6Loopback())
        {
            // No ::1 here: binding it must fail as a value, not throw.
            var options = new UdpSocketOptions { LocalEndPoint = UdpEndPoint.IPv6Loopback(0), ForceManaged = managed };
            DatapathResult result = UdpSocket.Open(options, new DatagramCollector(), out _);
            Assert.Contains(result.Status, new[] { DatapathStatus.AddressNotAvailable, DatapathStatus.InvalidAddress });
            return;
        }

        var (server, serverSeen) = TestSockets.OpenIPv6(managed);
        var (client, clientSeen) = TestSockets.OpenIPv6(managed);
        using (server)
        using (client)
        using (UdpSender clientSender = client.CreateSender())
        using (UdpSender serverSender = server.CreateSender())
        {
            Assert.True(server.LocalEndPoint.IsIPv6);
            byte[] payload = TestSockets.Pattern(1350, 2);
            Assert.True(clientSender.Send(payload, server.LocalEndPoint).IsSuccess, "::1 exists but sending to it failed");
            Received request = Assert.Single(serverSeen.WaitFor(1));
            Assert.Equal(payload, request.Payload);
            Assert.Equal(client.LocalEndPoint, request.Remote);

            Assert.True(serverSender.Send(payload.AsSpan(0, 100), request.Remote).IsSuccess);
            Assert.Equal(payload.AsSpan(0, 100).ToArray(), Assert.Single(clientSeen.WaitFor(1)).Payload);
        }
    }

    [Theory]
    [MemberData(nameof(TestSockets.Implementations), MemberType = typeof(TestSockets))]
    public void Dual_stack_socket_reports_IPv4_peers_as_plain_IPv4_and_replies_to_them(bool managed)
    {
        var (server, serverSeen) = TestSockets.Open(new UdpSocketOptions
        {
            LocalEndPoint = UdpEndPoint.IPv6Any(0), DualStack = true, ForceManaged = managed,
        });
        var (client, clientSeen) = TestSockets.OpenIPv4(managed);
        using (server)
        using (client)
        using (UdpSender clientSender = client.CreateSender())
        using (UdpSender serverSender = server.CreateSender())
        {
            Assert.True(server.IsDualStack);
            Assert.True(server.LocalEndPoint.IsIPv6 && server.LocalEndPoint.IsWildcard);
            byte[] payload = TestSockets.Pattern(700, 3);
            Assert.True(clientSender.Send(payload, UdpEndPoint.IPv4Loopback(server.LocalEndPoint.Port)).IsSuccess);

            Received request = Assert.Single(serverSeen.WaitFor(1));
            Assert.Equal(payload, request.Payload);
            Assert.True(request.Remote.IsIPv4, $"expected plain IPv4, got {request.Remote}");
            Assert.Equal(client.LocalEndPoint, request.Remote);

            Assert.True(serverSender.Send(payload, request.Remote).IsSuccess);
            Received reply = Assert.Single(clientSeen.WaitFor(1));
            Assert.Equal(UdpEndPoint.IPv4Loopback(server.LocalEndPoint.Port), reply.Remote);
        }
    }

    [Theory]
    [MemberData(nameof(TestSockets.Implementations), MemberType = typeof(TestSockets))]
    public void Default_options_give_a_wildcard_socket_that_hears_IPv4(bool managed)
    {
        var (server, serverSeen) = TestSockets.Open(new UdpSocketOptions { ForceManaged = managed });
        var (client, _) = TestSockets.OpenIPv4(managed);
        using (server)
        using (client)
        using (UdpSender sender = client.CreateSender())
        {
            Assert.True(server.LocalEndPoint.IsWildcard);
            Assert.Equal(Socket.OSSupportsIPv6, server.IsDualStack);
            Assert.True(sender.Send([4, 2], UdpEndPoint.IPv4Loopback(server.LocalEndPoint.Port)).IsSuccess);
            Assert.Equal(client.LocalEndPoint, Assert.Single(serverSeen.WaitFor(1)).Remote);
        }
    }

    [Theory]
    [MemberData(nameof(TestSockets.Implementations), MemberType = typeof(TestSockets))]
    public void Port_zero_reports_the_port_the_kernel_chose(bool managed)
    {
        var (socket, seen) = TestSockets.OpenIPv4(managed);
        var (client, _) = TestSockets.OpenIPv4(managed);
        using (socket)
        using (client)
        using (UdpSender sender = client.CreateSender())
        {
            Assert.NotEqual(0, socket.LocalEndPoint.Port);
            Assert.Equal(UdpEndPoint.IPv4Loopback(socket.LocalEndPoint.Port), socket.LocalEndPoint);
            Assert.True(sender.Send([1, 2, 3], UdpEndPoint.IPv4Loopback(socket.LocalEndPoint.Port)).IsSuccess);
            Assert.Single(seen.WaitFor(1));
        }
    }

    [Theory]
    [MemberData(nameof(TestSockets.Implementations), MemberType = typeof(TestSockets))]
    public void Second_bind_on_the_same_address_and_port_is_address_in_use(bool managed)
    {
        var (first, _) = TestSockets.OpenIPv4(managed);
        using (first)
        {
            var options = new UdpSocketOptions { LocalEndPoint = first.LocalEndPoint, ForceManaged = managed };
            DatapathResult result = UdpSocket.Open(options, new DatagramCollector(), out UdpSocket? second);
            Assert.Equal(DatapathStatus.AddressInUse, result.Status);
            Assert.Null(second);
        }
    }

    [Fact]
    public void Dual_stack_wildcard_conflicts_with_an_IPv4_socket_on_the_same_port()
    {
        var (first, _) = TestSockets.OpenIPv4(managed: false);
        using (first)
        {
            var options = new UdpSocketOptions { LocalEndPoint = UdpEndPoint.IPv6Any(first.LocalEndPoint.Port), DualStack = true };
            Assert.Equal(DatapathStatus.AddressInUse, UdpSocket.Open(options, new DatagramCollector(), out _).Status);
        }
    }

    [Theory]
    [MemberData(nameof(TestSockets.Implementations), MemberType = typeof(TestSockets))]
    public void Binding_an_address_this_machine_lacks_is_address_not_available(bool managed)
    {
        // 203.0.113.7 (TEST-NET-3) is assigned to no interface; nothing is sent.
        var options = new UdpSocketOptions { LocalEndPoint = new UdpEndPoint([203, 0, 113, 7], 0), ForceManaged = managed };
        Assert.Equal(DatapathStatus.AddressNotAvailable, UdpSocket.Open(options, new DatagramCollector(), out _).Status);
    }

    [Fact]
    public void Wildcard_server_learns_the_local_address_and_replies_from_it()
    {
        if (!TestSockets.IsLinuxNative)
            return; // PKTINFO is a native-path feature; the managed path reports PacketInfo = false.
        var (server, serverSeen) = TestSockets.Open(new UdpSocketOptions { LocalEndPoint = UdpEndPoint.IPv4Any(0) });
        var (client, clientSeen) = TestSockets.OpenIPv4(managed: false);
        using (server)
        using (client)
        using (UdpSender clientSender = client.CreateSender())
        using (UdpSender serverSender = server.CreateSender())
        {
            Assert.True(server.Capabilities.PacketInfo);
            // The client (bound to 127.0.0.1) talks to 127.0.0.2: a reply chosen by routing
            // alone would come from 127.0.0.1.
            var serverAddress = new UdpEndPoint([127, 0, 0, 2], server.LocalEndPoint.Port);
            Assert.True(clientSender.Send([9, 9, 9], serverAddress).IsSuccess);
            Received request = Assert.Single(serverSeen.WaitFor(1));
            Assert.Equal(serverAddress, request.Local);

            Assert.True(serverSender.Send([8, 8], 2, request.Remote, request.Local, EcnCodepoint.Ect0).IsSuccess);
            Assert.Equal(serverAddress, Assert.Single(clientSeen.WaitFor(1)).Remote);
        }
    }

    [Fact]
    public void Dual_stack_wildcard_server_replies_to_IPv4_from_the_address_the_peer_used()
    {
        if (!TestSockets.IsLinuxNative)
            return;
        var (server, serverSeen) = TestSockets.Open(new UdpSocketOptions { LocalEndPoint = UdpEndPoint.IPv6Any(0), DualStack = true });
        var (client, clientSeen) = TestSockets.OpenIPv4(managed: false);
        using (server)
        using (client)
        using (UdpSender clientSender = client.CreateSender())
        using (UdpSender serverSender = server.CreateSender())
        {
            var serverAddress = new UdpEndPoint([127, 0, 0, 3], server.LocalEndPoint.Port);
            Assert.True(clientSender.Send([1], serverAddress).IsSuccess);
            Received request = Assert.Single(serverSeen.WaitFor(1));
            Assert.Equal(serverAddress, request.Local);
            Assert.True(serverSender.Send([2], 1, request.Remote, request.Local, EcnCodepoint.Ect0).IsSuccess);
            Assert.Equal(serverAddress, Assert.Single(clientSeen.WaitFor(1)).Remote);
        }
    }
}
