using QuicKestrel.Protocol.Endpoint;
using QuicKestrel.Protocol.Wire;
using static QuicKestrel.Protocol.Tests.Endpoint.EndpointTestKit;

namespace QuicKestrel.Protocol.Tests.Endpoint;

public class StatelessReplyTests
{
    private static readonly byte[] Dcid = Bytes(8, 1);
    private static readonly byte[] Scid = Bytes(8, 40);

    [Fact]
    public void UnknownVersionOf1200BytesGetsVersionNegotiation()
    {
        QuicEndpoint endpoint = Server(out FakeFactory factory);
        DispatchOutcome outcome = endpoint.HandleDatagram(0, UnknownVersionPacket(0xff00001d, Dcid, Scid, 1200), FromClient, 0);
        Assert.Equal(DatagramDisposition.VersionNegotiation, outcome.Disposition);
        (StatelessTransmit transmit, byte[] packet) = Poll(endpoint);
        Assert.Equal(StatelessPacketKind.VersionNegotiation, transmit.Kind);
        Assert.Equal(ClientAddress, transmit.Destination);
        Assert.True(PacketHeader.TryParse(packet, 0, out PacketHeader header));
        Assert.Equal(PacketType.VersionNegotiation, header.Type);
        Assert.Equal(Scid, header.DestinationConnectionId.ToArray());
        Assert.Equal(Dcid, header.SourceConnectionId.ToArray());
        Assert.True(header.SupportedVersions.Contains(QuicVersion.V1));
        Assert.True(header.SupportedVersions.Contains(QuicVersion.V2));
        Assert.Empty(factory.Created);
    }

    [Fact]
    public void VersionNegotiationEchoesInvariantIdsLongerThan20Bytes()
    {
        QuicEndpoint endpoint = Server(out _);
        byte[] longDcid = Bytes(100, 1);
        Assert.Equal(DatagramDisposition.VersionNegotiation,
            endpoint.HandleDatagram(0, UnknownVersionPacket(0x1a2a3a4a, longDcid, Scid, 1252), FromClient, 0).Disposition);
        (_, byte[] packet) = Poll(endpoint);
        Assert.True(PacketHeader.TryParse(packet, 0, out PacketHeader header));
        Assert.Equal(longDcid, header.SourceConnectionId.ToArray());
    }

    [Fact]
    public void SmallUnknownVersionPacketsAndVersionNegotiationAreNeverAnswered()
    {
        QuicEndpoint endpoint = Server(out _);
        Assert.Equal(DropReason.UnsupportedVersionTooSmall,
            endpoint.HandleDatagram(0, UnknownVersionPacket(0xff00001d, Dcid, Scid, 1199), FromClient, 0).Reason);
        var vn = new byte[1200];
        Assert.True(VersionNegotiationPacket.TryWrite(vn, Dcid, Scid, [0x1a2a3a4a, 0x2a3a4a5a], 0, out int length));
        Array.Resize(ref vn, length);
        Assert.Equal(DropReason.UnexpectedVersionNegotiation, endpoint.HandleDatagram(0, vn, FromClient, 0).Reason);
        Assert.Equal(0, endpoint.PendingTransmitCount);
    }

    [Fact]
    public void VersionNegotiationIsRateLimited()
    {
        var options = new EndpointOptions { RetryMode = RetryMode.Never, VersionNegotiationRate = new RateLimit(100, 3) };
        QuicEndpoint endpoint = Server(out _, options);
        int answered = 0;
        for (int i = 0; i < 10; i++)
            answered += endpoint.HandleDatagram(0, UnknownVersionPacket(7, Dcid, Scid, 1200), FromClient, 0).Disposition == DatagramDisposition.VersionNegotiation ? 1 : 0;
        Assert.Equal(3, answered);
        Assert.Equal(7, endpoint.Statistics.Count(DropReason.VersionNegotiationRateLimited));
    }

    [Fact]
    public void ShortHeaderForAnUnknownIdGetsASmallerResetWithItsToken()
    {
        QuicEndpoint endpoint = Server(out _);
        byte[] unknown = Bytes(8, 200);
        foreach (int size in new[] { 22, 30, 43, 44, 100, 1500 })
        {
            Assert.Equal(DatagramDisposition.StatelessReset, endpoint.HandleDatagram(0, ShortPacket(unknown, size), FromClient, 0).Disposition);
            (StatelessTransmit transmit, byte[] reset) = Poll(endpoint);
            Assert.Equal(StatelessPacketKind.StatelessReset, transmit.Kind);
            Assert.True(reset.Length < size, $"reset of {reset.Length} for a {size}-byte trigger");
            Assert.True(reset.Length >= 21);
            if (size <= 43)
                Assert.Equal(size - 1, reset.Length);
            Assert.Equal(0x40, reset[0] & 0xC0);
            Assert.Equal(endpoint.ResetTokens.Compute(unknown).Span.ToArray(), reset[^16..]);
        }
    }

    [Fact]
    public void ResetsAreNotSentForTinyOrInvalidPacketsAndAreRateLimited()
    {
        var options = new EndpointOptions { RetryMode = RetryMode.Never, StatelessResetRate = new RateLimit(10, 2) };
        QuicEndpoint endpoint = Server(out _, options);
        byte[] unknown = Bytes(8, 200);
        Assert.Equal(DropReason.ResetTriggerTooSmall, endpoint.HandleDatagram(0, ShortPacket(unknown, 21), FromClient, 0).Reason);
        Assert.Equal(DropReason.FixedBitClear, endpoint.HandleDatagram(0, ShortPacket(unknown, 100, firstByte: 0x01), FromClient, 0).Reason);
        Assert.Equal(DatagramDisposition.StatelessReset, endpoint.HandleDatagram(0, ShortPacket(unknown, 100), FromClient, 0).Disposition);
        Assert.Equal(DatagramDisposition.StatelessReset, endpoint.HandleDatagram(0, ShortPacket(unknown, 100), FromClient, 0).Disposition);
        Assert.Equal(DropReason.StatelessResetRateLimited, endpoint.HandleDatagram(0, ShortPacket(unknown, 100), FromClient, 0).Reason);
        Assert.Equal(DatagramDisposition.StatelessReset, endpoint.HandleDatagram(100_000, ShortPacket(unknown, 100), FromClient, 0).Disposition);
    }

    [Fact]
    public void TwoEndpointsThatLostStateCannotLoopResets()
    {
        // Each endpoint answers the other's reset with a smaller one, until the packet is too small.
        QuicEndpoint a = Server(out _, seed: 1);
        QuicEndpoint b = Server(out _, seed: 2);
        byte[] packet = ShortPacket(Bytes(8, 3), 1200);
        int exchanges = 0;
        QuicEndpoint receiver = a;
        while (exchanges < 2000)
        {
            DispatchOutcome outcome = receiver.HandleDatagram(exchanges * 1_000_000L, packet, FromClient, 0);
            if (outcome.Disposition != DatagramDisposition.StatelessReset)
                break;
            packet = Poll(receiver).Bytes;
            receiver = receiver == a ? b : a;
            exchanges++;
        }
        Assert.True(exchanges < 1200, $"{exchanges} exchanges");
        Assert.True(packet.Length <= 21);
    }

    [Fact]
    public void DatagramEndingInAPeerResetTokenGoesToItsConnectionNotToAReset()
    {
        QuicEndpoint endpoint = Server(out FakeFactory factory);
        endpoint.HandleDatagram(0, ClientInitial(Dcid, Scid), FromClient, 0);
        byte[] token = Bytes(16, 123);
        factory.Created[0].Emit(RouteEvent.PeerResetTokenActive(token));
        endpoint.ProcessConnectionEvents(0);

        byte[] reset = ShortPacket(Bytes(8, 77), 40);
        token.CopyTo(reset, 24);
        DispatchOutcome outcome = endpoint.HandleDatagram(1, reset, FromClient, 0);
        Assert.Equal(DatagramDisposition.Routed, outcome.Disposition);
        Assert.Equal(0, outcome.Slot);
        Assert.Equal(0, endpoint.PendingTransmitCount);

        factory.Created[0].Emit(RouteEvent.PeerResetTokenRetired(token));
        endpoint.ProcessConnectionEvents(0);
        Assert.Equal(DatagramDisposition.StatelessReset, endpoint.HandleDatagram(2, reset, FromClient, 0).Disposition);
    }

    [Fact]
    public void FullQueueDropsFurtherReplies()
    {
        var options = new EndpointOptions { RetryMode = RetryMode.Never, StatelessQueueCapacity = 2 };
        QuicEndpoint endpoint = Server(out _, options);
        for (int i = 0; i < 2; i++)
            Assert.Equal(DatagramDisposition.StatelessReset, endpoint.HandleDatagram(0, ShortPacket(Bytes(8, 1), 60), FromClient, 0).Disposition);
        Assert.Equal(DropReason.StatelessQueueFull, endpoint.HandleDatagram(0, ShortPacket(Bytes(8, 1), 60), FromClient, 0).Reason);
        Assert.Equal(DropReason.StatelessQueueFull, endpoint.HandleDatagram(0, UnknownVersionPacket(5, Dcid, Scid, 1200), FromClient, 0).Reason);
        Poll(endpoint);
        Assert.Equal(DatagramDisposition.VersionNegotiation,
            endpoint.HandleDatagram(0, UnknownVersionPacket(5, Dcid, Scid, 1200), FromClient, 0).Disposition);
        Assert.False(endpoint.PollTransmit(new byte[10], out _));
        Assert.Equal(2, endpoint.PendingTransmitCount);
    }
}
