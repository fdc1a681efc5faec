using System.Diagnostics;
using QuicKestrel.Protocol.Api;
using QuicKestrel.Protocol.Runtime.Binding;
using Xunit.Abstractions;

namespace QuicKestrel.Protocol.Tests.Api.Loopback;

/// <summary>Serial: the process-wide count below must not see other tests' work.</summary>
[CollectionDefinition(nameof(SteadyStateAllocationTests), DisableParallelization = true)]
public class SteadyStateAllocationCollection;

/// <summary>
/// A bulk transfer through the public API over loopback allocates nothing per packet once warm:
/// measured per thread on both connections' workers (inside their callbacks), on both sockets'
/// receive threads, and process-wide. Each of three consecutive windows carries about 11,000
/// packets; an allocation per packet would show in every one of them (at least 24 bytes each,
/// over 250 KB a window), while growing a pool or queue to a new depth (a worker descheduled on
/// a busy machine lets its queue grow) is rare and shows in one at most, so the quietest window
/// of each thread is what is asserted.
/// </summary>
[Collection(nameof(SteadyStateAllocationTests))]
public class SteadyStateAllocationTests(ITestOutputHelper output)
{
    private const int ChunkSize = 64 * 1024;
    private const int Windows = 3;
    private const long WarmUpBytes = 32L << 20;
    private const long FirstWindow = 4L << 20;
    private const long WindowBytes = 16L << 20; // about 11,000 full-size packets
    private const long TotalBytes = FirstWindow + Windows * WindowBytes + (24L << 20); // the sender still sends after the windows: its buffer holds 16 MiB

    [Fact]
    public void A_bulk_transfer_allocates_nothing_per_packet()
    {
        // Flow control bounds the bytes in flight, so the receiver's queues have a steady depth
        // the warm-up reaches: the steady state of a flow-controlled transfer, without overload.
        QuicSettings serverSettings = Loopback.ServerDefaults();
        serverSettings.ConnFlowControlWindow = 1 << 20;
        using Loopback loopback = Loopback.Create(serverSettings: serverSettings);
        var receivers = new EventLog<CountingReceiver>();
        loopback.ConfigureServerConnection = server =>
        {
            server.AcceptPeerStreams = false;
            server.React = (QuicHandle _, ref QuicConnectionEvent e) =>
            {
                if (e.Type == QuicConnectionEventType.PeerStreamStarted)
                {
                    // The first stream warms every pool and queue; the second one is measured.
                    var receiver = new CountingReceiver(receivers.Count == 0 ? [] : Boundaries());
                    loopback.Api.SetCallbackHandler(e.PeerStreamStarted.Stream, receiver.Callback, null);
                    receivers.Add(receiver);
                }
                return QuicStatus.Success;
            };
        };
        (ConnectionPeer client, _) = loopback.Connect();
        UdpBinding serverBinding = ((ApiListener)loopback.Listener!.Target!).Binding!;
        UdpBinding clientBinding = ((ApiConnection)client.Handle.Target!).Driver.Binding!;

        Send(loopback, client, WarmUpBytes);
        Assert.True(receivers.WaitFor(_ => true, "the warm-up stream").Done.Wait(TimeSpan.FromSeconds(60)), "the warm-up transfer did not finish");

        long started = Stopwatch.GetTimestamp();
        ChunkSender sender = Send(loopback, client, TotalBytes);
        CountingReceiver receiver = receivers.WaitFor(r => r != receivers.Snapshot()[0], "the measured stream");
        sender.Window = receiver;
        var process = new long[Windows + 1];
        var serverReceive = new long[Windows + 1];
        var clientReceive = new long[Windows + 1];
        for (int i = 0; i <= Windows; i++)
        {
            Assert.True(receiver.Crossed[i].Wait(TimeSpan.FromSeconds(60)), $"boundary {i} not reached");
            process[i] = GC.GetTotalAllocatedBytes(precise: true);
            serverReceive[i] = serverBinding.ReceiveThreadAllocatedBytes;
            clientReceive[i] = clientBinding.ReceiveThreadAllocatedBytes;
        }
        Assert.True(receiver.Done.Wait(TimeSpan.FromSeconds(60)), "the transfer did not finish");
        double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

        Assert.Equal(QuicStatus.Success, loopback.Api.GetParam(client.Handle, QuicParam.ConnStatisticsV2, out QuicStatisticsV2 statistics));
        long packets = WindowBytes / Math.Max(1200, (long)statistics.SendPathMtu);
        output.WriteLine($"{TotalBytes >> 20} MiB in {seconds:F2} s = {TotalBytes * 8 / seconds / 1e9:F2} Gbit/s; path MTU {statistics.SendPathMtu}, "
            + $"{statistics.SendTotalPackets} packets sent, {statistics.SendSuspectedLostPackets} lost; ~{packets} packets per window");
        long[] receiverWorker = receiver.WindowAllocations();
        long[] senderWorker = sender.WindowAllocations();
        long[] serverThread = Differences(serverReceive), clientThread = Differences(clientReceive), processWide = Differences(process);
        for (int i = 0; i < Windows; i++)
            output.WriteLine($"window {i}: receiver worker {receiverWorker[i]} B, sender worker {senderWorker[i]} B, "
                + $"server receive thread {serverThread[i]} B, client receive thread {clientThread[i]} B, process {processWide[i]} B");

        Assert.True(packets >= 10_000, $"only {packets} packets per window");
        Assert.True(receiverWorker.Min() < 4096, $"receiver worker allocated at least {receiverWorker.Min()} B per window");
        Assert.True(senderWorker.Where(b => b >= 0).DefaultIfEmpty(long.MaxValue).Min() < 4096, $"sender worker allocated at least {senderWorker.Min()} B per window");
        Assert.True(serverThread.Min() < 4096, $"server receive thread allocated at least {serverThread.Min()} B per window");
        Assert.True(clientThread.Min() < 4096, $"client receive thread allocated at least {clientThread.Min()} B per window");
        // Process-wide the test host and finished tests add noise; the bound is still below one minimal object (24 B) per packet.
        Assert.True(processWide.Min() < 24 * packets, $"the process allocated at least {processWide.Min()} B per window");
        Assert.Equal(TotalBytes, receiver.Received);
    }

    private static long[] Boundaries() => Enumerable.Range(0, Windows + 1).Select(i => FirstWindow + i * WindowBytes).ToArray();

    private static long[] Differences(long[] samples) => Enumerable.Range(0, Windows).Select(i => samples[i + 1] - samples[i]).ToArray();

    private static ChunkSender Send(Loopback loopback, ConnectionPeer client, long total)
    {
        var sender = new ChunkSender(loopback.Api, total);
        Assert.Equal(QuicStatus.Success, loopback.Api.StreamOpen(client.Handle, QuicStreamOpenFlags.None, sender.Callback, null, out QuicHandle? stream));
        sender.Stream = stream!;
        Assert.Equal(QuicStatus.Pending, loopback.Api.StreamStart(stream, QuicStreamStartFlags.None));
        return sender;
    }

    /// <summary>Consumes every RECEIVE without copying; reads its worker's allocation counter as the data crosses each boundary.</summary>
    private sealed class CountingReceiver(long[] boundaries)
    {
        private readonly long[] _allocatedAt = new long[boundaries.Length];
        private int _next;

        public long Received;
        public readonly ManualResetEventSlim[] Crossed = boundaries.Select(_ => new ManualResetEventSlim()).ToArray();
        public readonly ManualResetEventSlim Done = new();

        public long[] WindowAllocations() => Enumerable.Range(0, boundaries.Length - 1).Select(i => _allocatedAt[i + 1] - _allocatedAt[i]).ToArray();

        public QuicStatus Callback(QuicHandle stream, object? context, ref QuicStreamEvent e)
        {
            if (e.Type == QuicStreamEventType.Receive)
            {
                Received += (long)e.Receive.TotalBufferLength;
                while (_next < boundaries.Length && Received >= boundaries[_next])
                {
                    _allocatedAt[_next] = GC.GetAllocatedBytesForCurrentThread();
                    Crossed[_next++].Set();
                }
            }
            else if (e.Type == QuicStreamEventType.PeerSendShutdown)
            {
                Done.Set();
            }
            return QuicStatus.Success;
        }
    }

    /// <summary>
    /// Keeps one 64 KiB send in flight: each SEND_COMPLETE sends the next chunk, inline. Reads its
    /// worker's allocation counter at its first callback after the receiver crosses each boundary.
    /// </summary>
    private sealed class ChunkSender(QuicApiTable api, long total)
    {
        private readonly QuicBuffer[] _chunk = [new byte[ChunkSize]];
        private readonly QuicBuffer[] _last = [new byte[ChunkSize]];
        private readonly long[] _allocatedAt = [-1, -1, -1, -1];
        private long _queued;
        private int _next;

        public QuicHandle Stream = null!;

        /// <summary>The receiver whose windows are measured (set once known; read in the callbacks).</summary>
        public volatile CountingReceiver? Window;

        /// <summary>Per window; -1 when the sender had no callback after a boundary.</summary>
        public long[] WindowAllocations() => Enumerable.Range(0, Windows)
            .Select(i => _allocatedAt[i] < 0 || _allocatedAt[i + 1] < 0 ? -1 : _allocatedAt[i + 1] - _allocatedAt[i]).ToArray();

        public QuicStatus Callback(QuicHandle stream, object? context, ref QuicStreamEvent e)
        {
            if (e.Type is QuicStreamEventType.StartComplete or QuicStreamEventType.SendComplete && _queued < total)
                SendNext();
            return QuicStatus.Success;
        }

        private void SendNext()
        {
            if (Window is { } window && _next <= Windows && window.Crossed[_next].IsSet)
                _allocatedAt[_next++] = GC.GetAllocatedBytesForCurrentThread();
            _queued += ChunkSize;
            bool last = _queued >= total;
            api.StreamSend(Stream, last ? _last : _chunk, last ? QuicSendFlags.Fin : QuicSendFlags.None, null);
        }
    }
}
