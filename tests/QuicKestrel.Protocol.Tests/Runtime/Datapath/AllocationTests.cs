using System.Diagnostics;
using QuicKestrel.Protocol.Runtime.Datapath;
using Xunit.Abstractions;

namespace QuicKestrel.Protocol.Tests.Runtime.Datapath;

/// <summary>
/// Steady state allocates nothing per packet: 10,000 datagrams over loopback, with the
/// allocations of the sending thread and of the receive thread measured after a warm-up.
/// </summary>
public class AllocationTests(ITestOutputHelper output)
{
    private const int Total = 10_000;
    private const int Warmup = 1_000;
    private const int Window = 256;
    private const int Size = 1200;

    public static TheoryData<string> Modes => new() { "native", "native-gso-gro", "managed" };

    [Theory]
    [MemberData(nameof(Modes))]
    public void Ten_thousand_datagrams_allocate_nothing_per_packet(string mode)
    {
        bool managed = mode == "managed";
        bool gso = mode == "native-gso-gro";
        int perSend = gso ? 10 : 1;
        var counter = new CountingReceiver(Warmup, Total);
        var options = new UdpSocketOptions { LocalEndPoint = UdpEndPoint.IPv4Loopback(0), ForceManaged = managed, EnableGro = gso };
        Assert.True(UdpSocket.Open(options, counter, out UdpSocket? receiver).IsSuccess);
        var (client, _) = TestSockets.Open(new UdpSocketOptions { LocalEndPoint = UdpEndPoint.IPv4Loopback(0), ForceManaged = managed, EnableGso = gso }, start: false);
        using (receiver)
        using (client)
        using (UdpSender sender = client.CreateSender())
        {
            Assert.True(receiver!.StartReceiving().IsSuccess);
            byte[] payload = GC.AllocateArray<byte>(Size * perSend, pinned: true);
            UdpEndPoint destination = receiver.LocalEndPoint;

            long senderBefore = 0;
            long deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 30;
            for (int sent = 0; sent < Total; sent += perSend)
            {
                if (sent == Warmup)
                    senderBefore = GC.GetAllocatedBytesForCurrentThread();
                // Keep at most Window datagrams in flight so the receive buffer never overflows.
                while (sent - counter.Count > Window && Stopwatch.GetTimestamp() < deadline)
                    Thread.Sleep(1);
                DatapathResult result = sender.Send(payload, Size, destination, default, EcnCodepoint.Ect0);
                Assert.True(result.IsSuccess);
            }
            long senderBytes = GC.GetAllocatedBytesForCurrentThread() - senderBefore;

            Assert.True(counter.Done.Wait(TimeSpan.FromSeconds(30)), $"received {counter.Count} of {Total}");
            long receiverBytes = counter.AllocatedAfterWarmup;
            double packets = Total - Warmup;
            output.WriteLine($"{mode}: sender {senderBytes} B ({senderBytes / packets:F3} B/packet), receive thread {receiverBytes} B ({receiverBytes / packets:F3} B/packet), {counter.Batches} receive batches");
            Assert.True(senderBytes / packets < 0.1, $"sender allocated {senderBytes} bytes");
            Assert.True(receiverBytes / packets < 0.1, $"receive thread allocated {receiverBytes} bytes");
        }
    }

    /// <summary>Counts datagrams and samples the receive thread's allocation counter.</summary>
    private sealed class CountingReceiver(int warmup, int total) : IDatagramReceiver
    {
        private int _count;
        private long _allocatedAtWarmup;

        public int Count => Volatile.Read(ref _count);
        public int Batches { get; private set; }
        public long AllocatedAfterWarmup { get; private set; }
        public ManualResetEventSlim Done { get; } = new();

        public void OnDatagramReceived(in ReceivedDatagram datagram)
        {
            int count = _count + 1;
            Volatile.Write(ref _count, count);
            if (count == warmup)
                _allocatedAtWarmup = GC.GetAllocatedBytesForCurrentThread();
            if (count == total)
            {
                AllocatedAfterWarmup = GC.GetAllocatedBytesForCurrentThread() - _allocatedAtWarmup;
                Done.Set();
            }
        }

        public void OnReceiveBatchCompleted(UdpSocket socket) => Batches++;

        public void OnReceiveStopped(UdpSocket socket, DatapathResult reason)
        {
        }
    }
}
