using QuicKestrel.Protocol.Runtime.Datapath;
using Xunit.Abstractions;

namespace QuicKestrel.Protocol.Tests.Runtime.Datapath;

public class GsoGroTests(ITestOutputHelper output)
{
    private const int SegmentSize = 1200;

    [Theory]
    [InlineData(false)] // plain native receiver (GRO off)
    [InlineData(true)]  // managed receiver
    public void Gso_send_of_n_segments_arrives_as_n_datagrams_of_the_right_sizes(bool managedReceiver)
    {
        var (receiver, seen) = TestSockets.OpenIPv4(managedReceiver, gro: false);
        var (client, _) = TestSockets.OpenIPv4(managed: false);
        using (receiver)
        using (client)
        using (UdpSender sender = client.CreateSender())
        {
            output.WriteLine($"sender: {client.Capabilities}");
            byte[] burst = TestSockets.Pattern(20 * SegmentSize + 345, 4);
            Assert.True(sender.Send(burst, SegmentSize, receiver.LocalEndPoint, default, EcnCodepoint.Ect0).IsSuccess);

            AssertSegments(burst, SegmentSize, seen.WaitFor(21));
            Assert.Equal(21, seen.Snapshot(TimeSpan.FromMilliseconds(50)).Count);
            Assert.Equal(TestSockets.IsLinuxNative && KernelProbe.HasGso, client.Capabilities.Gso); // no fallback was needed
        }
    }

    [Fact]
    public void Send_larger_than_one_gso_batch_is_split_and_arrives_whole()
    {
        var (receiver, seen) = TestSockets.OpenIPv4(managed: false, gro: false);
        var (client, _) = TestSockets.OpenIPv4(managed: false);
        using (receiver)
        using (client)
        using (UdpSender sender = client.CreateSender())
        {
            // 150 segments: three GSO sends of at most 54 x 1200 bytes (65,000-byte cap).
            byte[] burst = TestSockets.Pattern(150 * SegmentSize - 1, 5);
            Assert.True(sender.Send(burst, SegmentSize, receiver.LocalEndPoint, default, EcnCodepoint.Ect0).IsSuccess);
            AssertSegments(burst, SegmentSize, seen.WaitFor(150));
        }
    }

    [Fact]
    public void Without_gso_the_same_send_goes_out_as_one_datagram_per_message()
    {
        var (receiver, seen) = TestSockets.OpenIPv4(managed: false, gro: false);
        var (client, _) = TestSockets.OpenIPv4(managed: false, gso: false);
        using (receiver)
        using (client)
        using (UdpSender sender = client.CreateSender())
        {
            Assert.False(client.Capabilities.Gso);
            Assert.Equal(1, client.Capabilities.MaxGsoSegments);
            byte[] burst = TestSockets.Pattern(70 * 1000 + 1, 6); // more than one sendmmsg batch
            Assert.True(sender.Send(burst, 1000, receiver.LocalEndPoint, default, EcnCodepoint.Ect0).IsSuccess);
            AssertSegments(burst, 1000, seen.WaitFor(71));
        }
    }

    [Fact]
    public void Gso_refused_by_the_kernel_falls_back_for_good_and_still_delivers()
    {
        if (!TestSockets.IsLinuxNative)
            return; // GSO exists only on the native path
        var (receiver, seen) = TestSockets.OpenIPv4(managed: false, gro: false);
        var (client, _) = TestSockets.OpenIPv4(managed: false);
        using (receiver)
        using (client)
        using (UdpSender sender = client.CreateSender())
        {
            if (!client.Capabilities.Gso)
            {
                output.WriteLine("kernel without UDP_SEGMENT: nothing to fall back from");
                return;
            }
            // SO_NO_CHECK (IPv4 without UDP checksums) makes the kernel refuse GSO with
            // EINVAL while plain sends still work: exactly the case the fallback is for.
            const int SO_NO_CHECK = 11;
            Assert.Equal(0, LinuxInterop.SetInt(((LinuxUdpSocket)client).Handle.Fd, LinuxConstants.SOL_SOCKET, SO_NO_CHECK, 1));

            byte[] burst = TestSockets.Pattern(10 * SegmentSize, 7);
            Assert.True(sender.Send(burst, SegmentSize, receiver.LocalEndPoint, default, EcnCodepoint.Ect0).IsSuccess);
            AssertSegments(burst, SegmentSize, seen.WaitFor(10));
            Assert.False(client.Capabilities.Gso);
            Assert.Equal(1, client.Capabilities.MaxGsoSegments);

            Assert.True(sender.Send(burst, SegmentSize, receiver.LocalEndPoint, default, EcnCodepoint.Ect0).IsSuccess);
            Assert.Equal(20, seen.WaitFor(20).Count);
        }
    }

    [Fact]
    public void Gro_receive_of_a_burst_reconstructs_every_datagram()
    {
        var (receiver, seen) = TestSockets.OpenIPv4(managed: false, gro: true);
        var (client, _) = TestSockets.OpenIPv4(managed: false);
        using (receiver)
        using (client)
        using (UdpSender sender = client.CreateSender())
        {
            output.WriteLine($"receiver: {receiver.Capabilities}");
            byte[] burst = TestSockets.Pattern(40 * SegmentSize + 17, 8);
            Assert.True(sender.Send(burst, SegmentSize, receiver.LocalEndPoint, default, EcnCodepoint.Ect0).IsSuccess);
            IReadOnlyList<Received> received = seen.WaitFor(41);
            AssertSegments(burst, SegmentSize, received);

            int largest = received.Max(r => r.DatagramsInBuffer);
            if (receiver.Capabilities.Gro && client.Capabilities.Gso)
            {
                // Loopback hands the GSO packet to a GRO socket unsplit: one buffer, many datagrams.
                output.WriteLine($"GRO active: up to {largest} datagrams per receive buffer");
                Assert.True(largest > 1, "GRO is on but no receive was coalesced");
            }
            else
            {
                output.WriteLine("GRO unavailable: one datagram per receive buffer");
                Assert.Equal(1, largest);
            }
        }
    }

    [Fact]
    public void Gro_receiver_also_takes_uncoalesced_datagrams_of_any_size()
    {
        var (receiver, seen) = TestSockets.OpenIPv4(managed: false, gro: true);
        var (client, _) = TestSockets.OpenIPv4(managed: false);
        using (receiver)
        using (client)
        using (UdpSender sender = client.CreateSender())
        {
            int[] sizes = [1, 50, 1200, 1500, 9000, 65_000];
            foreach (int size in sizes)
                Assert.True(sender.Send(TestSockets.Pattern(size, size), receiver.LocalEndPoint).IsSuccess);
            IReadOnlyList<Received> received = seen.WaitFor(sizes.Length);
            Assert.Equal(sizes.Length, received.Count);
            for (int i = 0; i < sizes.Length; i++)
                Assert.Equal(TestSockets.Pattern(sizes[i], sizes[i]), received[i].Payload);
        }
    }

    [Theory]
    [MemberData(nameof(TestSockets.Implementations), MemberType = typeof(TestSockets))]
    public void Non_gro_receiver_drops_and_counts_datagrams_larger_than_its_buffers(bool managed)
    {
        var (receiver, seen) = TestSockets.Open(new UdpSocketOptions
        {
            LocalEndPoint = UdpEndPoint.IPv4Loopback(0), EnableGro = false, MaxReceiveDatagramSize = 1500, ForceManaged = managed,
        });
        var (client, _) = TestSockets.OpenIPv4(managed: false);
        using (receiver)
        using (client)
        using (UdpSender sender = client.CreateSender())
        {
            Assert.Equal(1500, receiver.Capabilities.MaxReceiveDatagramSize);
            Assert.True(sender.Send(TestSockets.Pattern(1501, 1), receiver.LocalEndPoint).IsSuccess);
            Assert.True(sender.Send(TestSockets.Pattern(1500, 2), receiver.LocalEndPoint).IsSuccess);
            Assert.Equal(1500, Assert.Single(seen.WaitFor(1)).Payload.Length);
            Assert.Equal(1, receiver.DatagramsDropped);
        }
    }

    private static void AssertSegments(byte[] burst, int segmentSize, IReadOnlyList<Received> received)
    {
        int expected = (burst.Length + segmentSize - 1) / segmentSize;
        Assert.Equal(expected, received.Count);
        for (int i = 0; i < expected; i++)
        {
            int length = Math.Min(segmentSize, burst.Length - i * segmentSize);
            Assert.Equal(length, received[i].Payload.Length);
            Assert.True(burst.AsSpan(i * segmentSize, length).SequenceEqual(received[i].Payload), $"datagram {i} differs");
        }
    }
}
