using QuicKestrel.Protocol.Runtime.Datapath;

namespace QuicKestrel.Protocol.Tests.Runtime.Datapath;

/// <summary>What a test receiver saw of one datagram (copied: tests may allocate).</summary>
internal sealed record Received(
    byte[] Payload, UdpEndPoint Remote, UdpEndPoint Local, EcnCodepoint Ecn, int DatagramsInBuffer, int Offset);

/// <summary>A receiver that copies every datagram and lets the test wait for a count.</summary>
internal sealed class DatagramCollector : IDatagramReceiver
{
    private readonly object _lock = new();
    private readonly List<Received> _received = [];
    private readonly ManualResetEventSlim _stopped = new();

    public DatapathResult? StopReason { get; private set; }
    public int Batches { get; private set; }
    public Action<ReceivedDatagram>? OnEach { get; set; }

    public void OnDatagramReceived(in ReceivedDatagram datagram)
    {
        OnEach?.Invoke(datagram); // before counting, so a waiter sees its effects
        var copy = new Received(datagram.Payload.ToArray(), datagram.RemoteEndPoint, datagram.LocalEndPoint,
            datagram.Ecn, datagram.Buffer.DatagramCount, datagram.Offset);
        lock (_lock)
        {
            _received.Add(copy);
            Monitor.PulseAll(_lock);
        }
    }

    public void OnReceiveBatchCompleted(UdpSocket socket) => Batches++;

    public void OnReceiveStopped(UdpSocket socket, DatapathResult reason)
    {
        StopReason = reason;
        _stopped.Set();
    }

    public bool WaitStopped(TimeSpan timeout) => _stopped.Wait(timeout);

    /// <summary>Waits (bounded) until at least <paramref name="count"/> datagrams arrived; returns a snapshot.</summary>
    public IReadOnlyList<Received> WaitFor(int count, TimeSpan? timeout = null)
    {
        DateTime deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        lock (_lock)
        {
            while (_received.Count < count)
            {
                TimeSpan left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || !Monitor.Wait(_lock, left))
                    break;
            }
            return _received.ToArray();
        }
    }

    /// <summary>What arrived so far, after a short settling time (to check nothing extra came).</summary>
    public IReadOnlyList<Received> Snapshot(TimeSpan settle)
    {
        Thread.Sleep(settle);
        lock (_lock)
            return _received.ToArray();
    }
}
