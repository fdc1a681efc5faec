using QuicKestrel.Protocol.Runtime.Datapath;

namespace QuicKestrel.Protocol.Tests.Runtime.Datapath;

public class EcnTests
{
    private static readonly EcnCodepoint[] AllCodepoints = [EcnCodepoint.Ect0, EcnCodepoint.NotEct, EcnCodepoint.Ect1, EcnCodepoint.Ce];

    public static TheoryData<string> Families => new() { "IPv4", "IPv6", "DualStackFromIPv4" };

    [Theory]
    [MemberData(nameof(Families))]
    public void Codepoints_set_by_the_sender_are_read_back_by_the_receiver(string family)
    {
        if (!TestSockets.IsLinuxNative || (family == "IPv6" && !TestSockets.HasIPv6Loopback()))
            return; // ECN is a native-path feature (the managed path is covered below)
        UdpEndPoint server = family switch
        {
            "IPv4" => UdpEndPoint.IPv4Loopback(0),
            "IPv6" => UdpEndPoint.IPv6Loopback(0),
            _ => UdpEndPoint.IPv6Any(0),
        };
        var (receiver, seen) = TestSockets.Open(new UdpSocketOptions { LocalEndPoint = server, DualStack = family == "DualStackFromIPv4" });
        var (client, _) = TestSockets.Open(new UdpSocketOptions { LocalEndPoint = family == "IPv6" ? server : UdpEndPoint.IPv4Loopback(0) });
        using (receiver)
        using (client)
        using (UdpSender sender = client.CreateSender())
        {
            Assert.True(receiver.Capabilities.EcnReceive);
            UdpEndPoint target = family == "IPv6" ? receiver.LocalEndPoint : UdpEndPoint.IPv4Loopback(receiver.LocalEndPoint.Port);
            foreach (EcnCodepoint ecn in AllCodepoints)
                Assert.True(sender.Send(new byte[100], 100, target, default, ecn).IsSuccess);

            IReadOnlyList<Received> received = seen.WaitFor(AllCodepoints.Length);
            Assert.Equal(AllCodepoints, received.Select(r => r.Ecn).ToArray());
        }
    }

    [Fact]
    public void Every_datagram_of_a_gso_send_carries_the_mark()
    {
        if (!TestSockets.IsLinuxNative)
            return;
        var (receiver, seen) = TestSockets.OpenIPv4(managed: false, gro: false);
        var (client, _) = TestSockets.OpenIPv4(managed: false);
        using (receiver)
        using (client)
        using (UdpSender sender = client.CreateSender())
        {
            Assert.True(sender.Send(new byte[5 * 1200], 1200, receiver.LocalEndPoint, default, EcnCodepoint.Ect0).IsSuccess);
            Assert.All(seen.WaitFor(5), r => Assert.Equal(EcnCodepoint.Ect0, r.Ecn));
        }
    }

    [Fact]
    public void Ecn_disabled_sends_not_ect_and_reports_nothing()
    {
        var (receiver, seen) = TestSockets.OpenIPv4(managed: false);
        var (client, _) = TestSockets.Open(new UdpSocketOptions { LocalEndPoint = UdpEndPoint.IPv4Loopback(0), EnableEcn = false });
        using (receiver)
        using (client)
        using (UdpSender sender = client.CreateSender())
        {
            Assert.True(sender.Send(new byte[10], receiver.LocalEndPoint, EcnCodepoint.Ect0).IsSuccess);
            Assert.Equal(EcnCodepoint.NotEct, Assert.Single(seen.WaitFor(1)).Ecn);
        }
    }

    [Fact]
    public void Managed_path_neither_marks_nor_reads_ecn()
    {
        var (receiver, seen) = TestSockets.OpenIPv4(managed: true);
        var (client, _) = TestSockets.OpenIPv4(managed: true);
        using (receiver)
        using (client)
        using (UdpSender sender = client.CreateSender())
        {
            Assert.False(receiver.Capabilities.EcnReceive);
            Assert.True(sender.Send(new byte[10], receiver.LocalEndPoint, EcnCodepoint.Ect0).IsSuccess);
            Assert.Equal(EcnCodepoint.NotEct, Assert.Single(seen.WaitFor(1)).Ecn);
        }
    }
}
