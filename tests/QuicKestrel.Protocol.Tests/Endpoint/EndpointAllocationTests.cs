using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Endpoint;
using static QuicKestrel.Protocol.Tests.Endpoint.EndpointTestKit;

namespace QuicKestrel.Protocol.Tests.Endpoint;

/// <summary>
/// The per-datagram paths allocate nothing once warm: routing to a connection, every drop,
/// Version Negotiation, stateless resets and Retry (token sealing, integrity tag). Creating a
/// connection allocates (per connection is fine), as does an Initial CONNECTION_CLOSE (it
/// derives Initial keys; rate-limited).
/// </summary>
public class EndpointAllocationTests
{
    [Fact]
    public void SteadyStateDispatchAllocatesNothing()
    {
        var options = new EndpointOptions
        {
            RetryMode = RetryMode.Never,
            StatelessResetRate = new RateLimit(1_000_000, 1_000_000),
            VersionNegotiationRate = new RateLimit(1_000_000, 1_000_000),
            RetryRate = new RateLimit(1_000_000, 1_000_000),
        };
        QuicEndpoint endpoint = Server(out FakeFactory factory, options);
        endpoint.HandleDatagram(0, ClientInitial(Bytes(8, 1), Bytes(8, 2)), FromClient, 0);
        ConnectionIdKey known = factory.Created[0].Info.LocalConnectionId;

        byte[][] datagrams =
        [
            ShortPacket(known.Span, 1200),                        // routed
            ClientInitial(Bytes(8, 1), Bytes(8, 2)),              // routed by the original DCID
            ShortPacket(Bytes(8, 99), 1200),                      // stateless reset
            UnknownVersionPacket(0x1a2a3a4a, Bytes(8, 3), Bytes(8, 4), 1200), // Version Negotiation
            ShortPacket(Bytes(8, 99), 20),                        // too small to reset
            ClientInitial(Bytes(8, 5), Bytes(8, 6), size: 1000),  // Initial too small
            Bytes(7, 0xC3),                                       // malformed long header
            LongPacket(QuicKestrel.Protocol.Wire.PacketType.Handshake, Bytes(8, 7), Bytes(8, 8), 300), // unknown connection
        ];
        var reply = new byte[StatelessTransmitQueue.SlotSize];
        Run(endpoint, datagrams, reply, 10);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Run(endpoint, datagrams, reply, 200);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Single(factory.Created);
        Assert.Equal(2 * 210 + 1, factory.Created[0].DatagramsReceived);
    }

    [Fact]
    public void RetryAllocatesNothing()
    {
        var options = new EndpointOptions { RetryMode = RetryMode.Always, RetryRate = new RateLimit(1_000_000, 1_000_000) };
        QuicEndpoint endpoint = Server(out _, options);
        byte[][] initial = [ClientInitial(Bytes(8, 1), Bytes(8, 2))];
        var reply = new byte[StatelessTransmitQueue.SlotSize];
        Run(endpoint, initial, reply, 10);
        var rounds = new List<string>();
        for (int i = 0; i < 200; i++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            Run(endpoint, initial, reply, 1);
            long delta = GC.GetAllocatedBytesForCurrentThread() - before;
            if (delta != 0)
                rounds.Add($"round {i}: {delta} B");
        }
        Assert.Empty(rounds);
        Assert.Equal(210, endpoint.Statistics.Count(DatagramDisposition.Retry));
    }

    private static void Run(QuicEndpoint endpoint, byte[][] datagrams, byte[] reply, int rounds)
    {
        for (int round = 0; round < rounds; round++)
        {
            foreach (byte[] datagram in datagrams)
            {
                endpoint.HandleDatagram(round * 1000L, datagram, FromClient, 0);
                while (endpoint.PollTransmit(reply, out _))
                {
                }
            }
        }
    }
}
