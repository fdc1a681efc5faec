using System.Diagnostics;
using QuicKestrel.Protocol.Runtime.Datapath;
using Xunit.Abstractions;

namespace QuicKestrel.Protocol.Tests.Runtime.Datapath;

public class ShutdownTests(ITestOutputHelper output)
{
    // Well under the loop's 2 s backstop timeout: passing proves close interrupts the blocked receive.
    private static readonly TimeSpan Prompt = TimeSpan.FromMilliseconds(1000);

    [Theory]
    [MemberData(nameof(TestSockets.Implementations), MemberType = typeof(TestSockets))]
    public void Dispose_stops_an_idle_receive_loop_promptly(bool managed)
    {
        var (socket, seen) = TestSockets.OpenIPv4(managed);
        Thread.Sleep(100); // let the loop block in its receive call
        var watch = Stopwatch.StartNew();
        socket.Dispose();
        watch.Stop();
        output.WriteLine($"{(managed ? "managed" : "native")}: Dispose returned after {watch.Elapsed.TotalMilliseconds:F1} ms");

        Assert.True(watch.Elapsed < Prompt, $"Dispose took {watch.Elapsed}");
        Assert.True(seen.WaitStopped(TimeSpan.Zero), "the loop had not ended when Dispose returned");
        Assert.Equal(DatapathStatus.Aborted, seen.StopReason!.Value.Status);
        Assert.Null(socket.ReceiveFault);
    }

    [Theory]
    [MemberData(nameof(TestSockets.Implementations), MemberType = typeof(TestSockets))]
    public void Dispose_during_traffic_ends_cleanly_and_later_sends_report_aborted(bool managed)
    {
        var (receiver, seen) = TestSockets.OpenIPv4(managed);
        var (client, _) = TestSockets.OpenIPv4(managed);
        using (client)
        using (UdpSender sender = client.CreateSender())
        using (UdpSender receiverSender = receiver.CreateSender())
        {
            var stop = new ManualResetEventSlim();
            var pump = new Thread(() =>
            {
                byte[] payload = new byte[1000];
                for (int i = 0; i < 1_000_000 && !stop.IsSet; i++)
                    sender.Send(payload, receiver.LocalEndPoint);
            });
            pump.Start();
            seen.WaitFor(100);
            receiver.Dispose();
            stop.Set();
            Assert.True(pump.Join(TimeSpan.FromSeconds(10)));

            Assert.True(seen.WaitStopped(TimeSpan.Zero));
            Assert.Equal(DatapathStatus.Aborted, seen.StopReason!.Value.Status);
            Assert.Null(receiver.ReceiveFault);
            Assert.Equal(DatapathStatus.Aborted, receiverSender.Send([1], client.LocalEndPoint).Status);
            Assert.Equal(DatapathStatus.Aborted, receiver.StartReceiving().Status);
        }
    }

    [Fact]
    public void Dispose_from_inside_the_receive_callback_does_not_deadlock()
    {
        var (receiver, seen) = TestSockets.OpenIPv4(managed: false);
        var (client, _) = TestSockets.OpenIPv4(managed: false);
        seen.OnEach = datagram => datagram.Socket.Dispose();
        using (client)
        using (UdpSender sender = client.CreateSender())
        {
            Assert.True(sender.Send([1, 2, 3], receiver.LocalEndPoint).IsSuccess);
            Assert.True(seen.WaitStopped(TimeSpan.FromSeconds(5)));
            Assert.Equal(DatapathStatus.Aborted, seen.StopReason!.Value.Status);
            Assert.True(receiver.IsClosed);
        }
    }

    [Theory]
    [MemberData(nameof(TestSockets.Implementations), MemberType = typeof(TestSockets))]
    public void A_throwing_receiver_stops_the_loop_without_crashing_the_process(bool managed)
    {
        var (receiver, seen) = TestSockets.OpenIPv4(managed);
        var (client, _) = TestSockets.OpenIPv4(managed);
        seen.OnEach = _ => throw new InvalidOperationException("handler bug");
        using (receiver)
        using (client)
        using (UdpSender sender = client.CreateSender())
        {
            Assert.True(sender.Send([1], receiver.LocalEndPoint).IsSuccess);
            Assert.True(seen.WaitStopped(TimeSpan.FromSeconds(5)));
            Assert.Equal(DatapathStatus.ReceiverFaulted, seen.StopReason!.Value.Status);
            Assert.IsType<InvalidOperationException>(receiver.ReceiveFault);
        }
    }

    [Fact]
    public void Dispose_without_starting_and_twice_is_harmless()
    {
        var (socket, seen) = TestSockets.OpenIPv4(managed: false, start: false);
        socket.Dispose();
        socket.Dispose();
        Assert.True(socket.IsClosed);
        Assert.False(seen.WaitStopped(TimeSpan.FromMilliseconds(50)), "a loop that never started must not report a stop");
    }

    [Fact]
    public void Starting_twice_is_invalid_state()
    {
        var (socket, _) = TestSockets.OpenIPv4(managed: false);
        using (socket)
            Assert.Equal(DatapathStatus.InvalidState, socket.StartReceiving().Status);
    }
}
