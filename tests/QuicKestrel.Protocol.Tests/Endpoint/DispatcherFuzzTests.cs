using FsCheck;
using FsCheck.Fluent;
using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Endpoint;
using QuicKestrel.Protocol.Wire;
using static QuicKestrel.Protocol.Tests.Endpoint.EndpointTestKit;

namespace QuicKestrel.Protocol.Tests.Endpoint;

/// <summary>
/// Random and mutated datagrams through a listening endpoint whose connections come and go:
/// nothing throws, every datagram gets exactly one disposition, every stateless reply is
/// smaller than what triggered it, replies to unknown versions and Initials need 1200 bytes,
/// and the routing tables empty out when the connections drain.
/// </summary>
public class DispatcherFuzzTests
{
    private sealed class Harness
    {
        private readonly byte[] _reply = new byte[StatelessTransmitQueue.SlotSize];
        private readonly SeededRandomSource _random;

        public Harness(ulong seed, RetryMode retryMode)
        {
            _random = new SeededRandomSource(seed);
            var options = new EndpointOptions
            {
                RetryMode = retryMode,
                RetryHandshakeThreshold = 8,
                MaxConcurrentHandshakes = 64,
                Protection = PacketProtectionProvider.Null,
                StatelessResetRate = new RateLimit(1_000_000, 1_000_000),
                VersionNegotiationRate = new RateLimit(1_000_000, 1_000_000),
                InitialCloseRate = new RateLimit(1_000_000, 1_000_000),
            };
            Endpoint = new QuicEndpoint(options, new SeededRandomSource(seed + 1));
            Factory = new FakeFactory();
            Endpoint.Listen(Factory);
        }

        public QuicEndpoint Endpoint { get; }

        public FakeFactory Factory { get; }

        public long Datagrams { get; private set; }

        /// <summary>The Source Connection ID and token of the latest Retry, for a client that answers it.</summary>
        public (byte[] RetryScid, byte[] Token)? LastRetry { get; private set; }

        public void Feed(long now, byte[] datagram)
        {
            int length = datagram.Length;
            bool longHeader = length > 0 && (datagram[0] & 0x80) != 0;
            DispatchOutcome outcome = Endpoint.HandleDatagram(now, datagram, FromClient, (byte)(now & 3));
            Datagrams++;
            while (Endpoint.PollTransmit(_reply, out StatelessTransmit transmit))
            {
                Assert.True(transmit.Length < length, $"{transmit.Kind} of {transmit.Length} bytes for a {length}-byte datagram");
                if (transmit.Kind == StatelessPacketKind.Retry)
                {
                    Assert.True(PacketHeader.TryParse(_reply.AsSpan(0, transmit.Length), 0, out PacketHeader retry));
                    LastRetry = (retry.SourceConnectionId.ToArray(), retry.Token.ToArray());
                }
                if (transmit.Kind != StatelessPacketKind.StatelessReset)
                {
                    Assert.True(longHeader && length >= 1200, $"{transmit.Kind} for a {length}-byte datagram");
                }
                else
                {
                    Assert.False(longHeader);
                    Assert.True(transmit.Length >= 21);
                }
            }
            if (outcome.Disposition is DatagramDisposition.Routed or DatagramDisposition.NewConnection)
                Churn(outcome.Slot);
        }

        /// <summary>Connections issue and retire IDs, validate, confirm and drain at random.</summary>
        private void Churn(int slot)
        {
            var connection = (FakeConnection)Endpoint.GetConnection(slot)!;
            switch (_random.NextInt(10))
            {
                case 0:
                    connection.Emit(RouteEvent.ConnectionIdIssued(Endpoint.NewConnectionId().Span));
                    break;
                case 1:
                    connection.Emit(RouteEvent.AddressValidated);
                    connection.Emit(RouteEvent.HandshakeConfirmed);
                    break;
                case 2:
                    connection.Emit(RouteEvent.Drained);
                    break;
                case 3:
                    connection.Emit(RouteEvent.PeerResetTokenActive(RandomBytes(16)));
                    break;
            }
            Endpoint.ProcessConnectionEvents(slot);
        }

        public byte[] RandomBytes(int length)
        {
            var bytes = new byte[length];
            _random.Fill(bytes);
            return bytes;
        }

        public int Next(int exclusiveMax) => _random.NextInt(exclusiveMax);

        public void DrainAll()
        {
            foreach (FakeConnection connection in Factory.Created)
                connection.Emit(RouteEvent.Drained);
            for (int slot = 0; slot < Factory.Created.Count + 8; slot++)
                Endpoint.ProcessConnectionEvents(slot);
        }

        public void AssertConsistent()
        {
            EndpointStatistics stats = Endpoint.Statistics;
            long total = Enum.GetValues<DatagramDisposition>().Sum(stats.Count);
            Assert.Equal(Datagrams, stats.DatagramsReceived);
            Assert.Equal(Datagrams, total);
        }
    }

    /// <summary>A datagram that is wholly random, or random after a plausible first byte and version.</summary>
    private static byte[] RandomDatagram(Harness h)
    {
        int length = h.Next(4) switch
        {
            0 => h.Next(30),
            1 => h.Next(200),
            2 => 1200 + h.Next(300),
            _ => h.Next(1500),
        };
        byte[] datagram = h.RandomBytes(length);
        if (length >= 6 && h.Next(2) == 0)
        {
            uint version = h.Next(4) switch { 0 => QuicVersion.V1, 1 => QuicVersion.V2, 2 => 0, _ => 0x1a2a3a4a };
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(datagram.AsSpan(1), version);
            datagram[0] |= 0xC0;
            datagram[5] = (byte)h.Next(24);
        }
        return datagram;
    }

    /// <summary>A well-formed packet of some kind with a few bytes flipped, cut or appended.</summary>
    private static byte[] MutatedDatagram(Harness h, List<ConnectionIdKey> knownIds)
    {
        byte[] dcid = h.RandomBytes(8 + h.Next(13));
        byte[] scid = h.RandomBytes(h.Next(21));
        byte[] datagram = h.Next(6) switch
        {
            0 => ClientInitial(dcid, scid, h.Next(2) == 0 ? default : h.RandomBytes(h.Next(120)), 1200 + h.Next(100),
                h.Next(2) == 0 ? QuicVersion.V1 : QuicVersion.V2),
            1 => ShortPacket(knownIds.Count > 0 && h.Next(2) == 0 ? knownIds[h.Next(knownIds.Count)].Span : dcid[..8], 20 + h.Next(1300)),
            2 => LongPacket(h.Next(2) == 0 ? PacketType.Handshake : PacketType.ZeroRtt, dcid, scid, 60 + h.Next(1200)),
            3 => UnknownVersionPacket((uint)h.Next(int.MaxValue) | 0x0a0a0a0a, dcid, scid, 1100 + h.Next(300)),
            4 => h.LastRetry is { } retry ? ClientInitial(retry.RetryScid, scid, retry.Token) : ClientInitial(dcid, scid),
            _ => VersionNegotiation(dcid, scid),
        };
        int mutations = h.Next(4);
        for (int i = 0; i < mutations && datagram.Length > 0; i++)
        {
            switch (h.Next(3))
            {
                case 0:
                    datagram[h.Next(Math.Min(datagram.Length, 64))] ^= (byte)(1 << h.Next(8));
                    break;
                case 1:
                    Array.Resize(ref datagram, h.Next(datagram.Length));
                    break;
                default:
                    datagram = [.. datagram, .. h.RandomBytes(h.Next(40))];
                    break;
            }
        }
        return datagram;
    }

    private static byte[] VersionNegotiation(byte[] dcid, byte[] scid)
    {
        var packet = new byte[100];
        VersionNegotiationPacket.TryWrite(packet, dcid, scid, [QuicVersion.V1, 0x5a6a7a8a], 0x11, out int length);
        return packet[..length];
    }

    [Theory]
    [InlineData(1, (int)RetryMode.Never)]
    [InlineData(2, (int)RetryMode.Automatic)]
    [InlineData(3, (int)RetryMode.Always)]
    public void RandomAndMutatedDatagramsAreHandledCleanly(ulong seed, int retryMode)
    {
        var h = new Harness(seed, (RetryMode)retryMode);
        var knownIds = new List<ConnectionIdKey>();
        for (int i = 0; i < 20_000; i++)
        {
            byte[] datagram = h.Next(2) == 0 ? RandomDatagram(h) : MutatedDatagram(h, knownIds);
            h.Feed(i * 100L, datagram);
            if (i % 100 == 0)
            {
                knownIds.Clear();
                foreach (FakeConnection c in h.Factory.Created)
                    knownIds.Add(c.Info.LocalConnectionId);
            }
        }
        h.AssertConsistent();
        Assert.True(h.Factory.Created.Count > 0, "some mutated Initials opened connections");
        Assert.True(h.Endpoint.Statistics.Count(DatagramDisposition.Routed) > 0);
        Assert.True(h.Endpoint.Statistics.Count(DatagramDisposition.StatelessReset) > 0);
        Assert.True(h.Endpoint.Statistics.Count(DatagramDisposition.VersionNegotiation) > 0);
        Assert.True(h.Endpoint.Statistics.Count(DropReason.MalformedHeader) > 0);

        h.DrainAll();
        Assert.Equal(0, h.Endpoint.ConnectionCount);
        Assert.Equal((0, 0, 0, 0), h.Endpoint.RouteCounts);
        Assert.Equal(0, h.Endpoint.HandshakesInProgress);
        Assert.Equal(0, h.Endpoint.UnvalidatedBytes);
        Assert.Equal(0, h.Endpoint.PendingAcceptCount);
    }

    [Fact]
    public void ArbitraryDatagramsNeverThrowAndRepliesNeverAmplify()
    {
        var h = new Harness(7, RetryMode.Automatic);
        long now = 0;
        Prop.ForAll<byte[]>(bytes =>
        {
            h.Feed(now += 1000, bytes ?? []);
            return true;
        }).QuickCheckThrowOnFailure();
        h.AssertConsistent();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(8)]
    public void ClientEndpointsNeverAnswerRandomTraffic(int connectionIdLength)
    {
        var random = new SeededRandomSource(11);
        var endpoint = new QuicEndpoint(new EndpointOptions { ConnectionIdLength = connectionIdLength }, random);
        var connection = new FakeConnection();
        endpoint.RegisterClientConnection(connection, endpoint.NewConnectionId(), ClientAddress);
        var reply = new byte[StatelessTransmitQueue.SlotSize];
        for (int i = 0; i < 20_000; i++)
        {
            var datagram = new byte[random.NextInt(1400)];
            random.Fill(datagram);
            DispatchOutcome outcome = endpoint.HandleDatagram(i, datagram, FromClient, 0);
            Assert.NotEqual(DatagramDisposition.NewConnection, outcome.Disposition);
            // Only short headers to unknown IDs earn anything (a reset), and only with IDs to reset.
            while (endpoint.PollTransmit(reply, out StatelessTransmit transmit))
            {
                Assert.Equal(StatelessPacketKind.StatelessReset, transmit.Kind);
                Assert.NotEqual(0, connectionIdLength);
                Assert.True(transmit.Length < datagram.Length);
            }
        }
        Assert.Equal(20_000, Enum.GetValues<DatagramDisposition>().Sum(endpoint.Statistics.Count));
    }
}
