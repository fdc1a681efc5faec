using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using QuicKestrel.Protocol.Runtime.Datapath;

namespace QuicKestrel.Benchmarks.Runtime;

/// <summary>
/// Loopback UDP throughput of the datapath: one operation sends a burst of 50 datagrams of
/// 1,200 bytes and waits until the receive thread has seen them, so the time per operation
/// covers both ends. Datagrams/s = 50 / mean; Gbit/s = 50 x 1200 x 8 / mean.
/// </summary>
[MemoryDiagnoser]
public class DatapathThroughputBenchmarks
{
    private const int DatagramSize = 1200;
    private const int Burst = 50;

    private UdpSocket _receiver = null!;
    private UdpSocket _client = null!;
    private UdpSender _sender = null!;
    private CountingReceiver _counter = null!;
    private byte[] _payload = null!;
    private long _expected;

    /// <summary>native (one datagram per message, sendmmsg/recvmmsg), native-gso (UDP_SEGMENT + UDP_GRO), managed (Socket.SendTo/ReceiveFrom).</summary>
    [Params("native", "native-gso", "managed")]
    public string Mode { get; set; } = "native";

    [GlobalSetup]
    public void Setup()
    {
        bool managed = Mode == "managed";
        bool gso = Mode == "native-gso";
        _counter = new CountingReceiver();
        var receiverOptions = new UdpSocketOptions { LocalEndPoint = UdpEndPoint.IPv4Loopback(0), ForceManaged = managed, EnableGro = gso };
        Check(UdpSocket.Open(receiverOptions, _counter, out UdpSocket? receiver));
        _receiver = receiver!;
        Check(_receiver.StartReceiving());
        var clientOptions = new UdpSocketOptions { LocalEndPoint = UdpEndPoint.IPv4Loopback(0), ForceManaged = managed, EnableGso = gso };
        Check(UdpSocket.Open(clientOptions, _counter, out UdpSocket? client));
        _client = client!;
        _sender = _client.CreateSender();
        _payload = GC.AllocateArray<byte>(Burst * DatagramSize, pinned: true);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sender.Dispose();
        _client.Dispose();
        _receiver.Dispose();
    }

    [Benchmark(OperationsPerInvoke = Burst)]
    public void SendAndReceiveBurst()
    {
        UdpEndPoint destination = _receiver.LocalEndPoint;
        if (Mode == "native-gso")
        {
            _sender.Send(_payload, DatagramSize, destination, default, EcnCodepoint.Ect0);
        }
        else
        {
            for (int i = 0; i < Burst; i++)
                _sender.Send(_payload.AsSpan(i * DatagramSize, DatagramSize), destination);
        }
        _expected += Burst;
        WaitForReceiver();
    }

    // Bounded: a datagram lost to a full receive buffer would otherwise hang the run.
    private void WaitForReceiver()
    {
        long deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency;
        var spinner = new SpinWait();
        while (_counter.Count < _expected && Stopwatch.GetTimestamp() < deadline)
            spinner.SpinOnce(sleep1Threshold: -1); // yield, never sleep a whole millisecond
        if (_counter.Count < _expected)
            _expected = _counter.Count; // lost on the way: resynchronise
    }

    private static void Check(DatapathResult result)
    {
        if (!result.IsSuccess)
            throw new InvalidOperationException($"datapath setup failed: {result}");
    }

    private sealed class CountingReceiver : IDatagramReceiver
    {
        private long _count;

        public long Count => Volatile.Read(ref _count);

        public void OnDatagramReceived(in ReceivedDatagram datagram) => Volatile.Write(ref _count, _count + 1);

        public void OnReceiveBatchCompleted(UdpSocket socket)
        {
        }

        public void OnReceiveStopped(UdpSocket socket, DatapathResult reason)
        {
        }
    }
}
