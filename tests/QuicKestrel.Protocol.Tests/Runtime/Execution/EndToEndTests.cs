using QuicKestrel.Protocol.Runtime;
using QuicKestrel.Protocol.Runtime.Datapath;
using QuicKestrel.Protocol.Tests.Runtime.Datapath;

namespace QuicKestrel.Protocol.Tests.Runtime.Execution;

/// <summary>
/// The shape the engine will use, over real loopback UDP: the socket's receive thread routes
/// each datagram to its owner's worker, the owner handles it there, and its flush sends the
/// replies as one GSO batch through the worker's cached sender.
/// </summary>
public class EndToEndTests
{
    private const int Size = 1000;

    private sealed class Router : IDatagramReceiver
    {
        public WorkOwnerHandle? Target { get; set; }
        public int Refused;

        public void OnDatagramReceived(in ReceivedDatagram datagram)
        {
            if (!Target!.EnqueueDatagram(in datagram))
                Interlocked.Increment(ref Refused);
        }

        public void OnReceiveBatchCompleted(UdpSocket socket)
        {
        }

        public void OnReceiveStopped(UdpSocket socket, DatapathResult reason)
        {
        }
    }

    /// <summary>Echoes every datagram back to its sender, batched per flush.</summary>
    private sealed class EchoOwner(UdpSocket socket) : IWorkOwner
    {
        private readonly List<(byte[] Payload, UdpEndPoint From)> _pending = [];
        public readonly HashSet<UdpSender> SendersSeen = [];
        public int Batches;
        public int SendFailures;
        public WorkerContext? Context;

        public long NextDeadline => MonotonicClock.Never;

        public void ProcessOperation(in WorkOperation operation, long now) =>
            _pending.Add((operation.Datagram.Payload.ToArray(), operation.Datagram.RemoteEndPoint));

        public void OnTimer(long now)
        {
        }

        public void Flush(long now, WorkerContext context)
        {
            Context = context;
            if (_pending.Count == 0)
                return;
            int length = 0;
            foreach (var (payload, _) in _pending)
            {
                payload.CopyTo(context.SendBuffer[length..]);
                length += payload.Length;
            }
            UdpSender sender = context.GetSender(socket);
            SendersSeen.Add(sender);
            if (!sender.Send(context.SendBuffer[..length], Size, _pending[0].From, default, EcnCodepoint.Ect0).IsSuccess)
                SendFailures++;
            Batches++;
            _pending.Clear();
        }
    }

    [Theory]
    [MemberData(nameof(TestSockets.Implementations), MemberType = typeof(TestSockets))]
    public void Datagrams_are_routed_to_the_worker_and_answered_from_its_flush(bool managed)
    {
        using WorkerPool pool = Pools.Create(2);
        var router = new Router();
        var options = new UdpSocketOptions { LocalEndPoint = UdpEndPoint.IPv4Loopback(0), ForceManaged = managed };
        Assert.True(UdpSocket.Open(options, router, out UdpSocket? server).IsSuccess);
        var (client, replies) = TestSockets.Open(options);
        using (server)
        using (client)
        using (UdpSender clientSender = client.CreateSender())
        {
            var echo = new EchoOwner(server!);
            router.Target = pool.Attach(echo);
            Assert.True(server!.StartReceiving().IsSuccess);

            const int count = 200;
            for (int i = 0; i < count; i++)
            {
                Assert.True(clientSender.Send(TestSockets.Pattern(Size, i), server.LocalEndPoint).IsSuccess);
                if (i % 20 == 19)
                    replies.WaitFor(i + 1); // stay well inside the socket buffers
            }
            var received = replies.WaitFor(count);

            Assert.Equal(count, received.Count);
            Assert.Equal(0, router.Refused);
            Assert.Equal(0, echo.SendFailures);
            var expected = Enumerable.Range(0, count).Select(i => Convert.ToHexString(TestSockets.Pattern(Size, i))).Order();
            Assert.Equal(expected, received.Select(r => Convert.ToHexString(r.Payload)).Order());
            Assert.Single(echo.SendersSeen); // one sender per socket per worker, reused
            Assert.Equal(1, echo.Context!.SenderCount);
            Assert.True(echo.Batches <= count);
        }
    }
}
