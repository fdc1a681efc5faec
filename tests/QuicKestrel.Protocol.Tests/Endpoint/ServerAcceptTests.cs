using QuicKestrel.Protocol.Endpoint;
using QuicKestrel.Protocol.Wire;
using static QuicKestrel.Protocol.Tests.Endpoint.EndpointTestKit;

namespace QuicKestrel.Protocol.Tests.Endpoint;

public class ServerAcceptTests
{
    private static readonly byte[] Odcid = Bytes(8, 1);
    private static readonly byte[] ClientScid = Bytes(6, 40);

    [Fact]
    public void ValidInitialCreatesARoutedConnection()
    {
        QuicEndpoint endpoint = Server(out FakeFactory factory);
        byte[] initial = ClientInitial(Odcid, ClientScid);
        DispatchOutcome outcome = endpoint.HandleDatagram(10, initial, FromClient, ecn: 2);

        Assert.Equal(DatagramDisposition.NewConnection, outcome.Disposition);
        FakeConnection connection = Assert.Single(factory.Created);
        Assert.Equal(1, connection.DatagramsReceived);
        Assert.Equal(1200, connection.LastDatagramLength);
        Assert.Equal(2, connection.LastEcn);
        Assert.Equal(FromClient, connection.LastAddresses);

        NewConnectionInfo info = connection.Info;
        Assert.Equal(QuicVersion.V1, info.Version);
        Assert.Equal(Odcid, info.InitialDestinationConnectionId.Span.ToArray());
        Assert.Equal(Odcid, info.OriginalDestinationConnectionId.Span.ToArray());
        Assert.False(info.HasRetrySourceConnectionId);
        Assert.Equal(ClientScid, info.ClientSourceConnectionId.Span.ToArray());
        Assert.Equal(8, info.LocalConnectionId.Length);
        Assert.Equal(endpoint.ResetTokens.Compute(info.LocalConnectionId.Span), info.LocalStatelessResetToken);
        Assert.False(info.AddressValidated);
        Assert.Equal(1, endpoint.HandshakesInProgress);
        Assert.Equal(16 << 10, endpoint.UnvalidatedBytes);

        // A retransmitted Initial (same ODCID, same address) and a Handshake packet to our ID reach the same connection.
        Assert.Equal(DatagramDisposition.Routed, endpoint.HandleDatagram(20, ClientInitial(Odcid, ClientScid), FromClient, 0).Disposition);
        byte[] handshake = LongPacket(PacketType.Handshake, info.LocalConnectionId.Span, ClientScid, 300);
        DispatchOutcome routed = endpoint.HandleDatagram(30, handshake, FromClient, 0);
        Assert.Equal(DatagramDisposition.Routed, routed.Disposition);
        Assert.Equal(outcome.Slot, routed.Slot);
        Assert.Equal(3, connection.DatagramsReceived);
        Assert.Single(factory.Created);
    }

    [Fact]
    public void ShortHeadersRouteByIssuedIdsUntilRetired()
    {
        QuicEndpoint endpoint = Server(out FakeFactory factory);
        endpoint.HandleDatagram(0, ClientInitial(Odcid, ClientScid), FromClient, 0);
        FakeConnection connection = factory.Created[0];
        ConnectionIdKey second = endpoint.NewConnectionId();
        connection.Emit(RouteEvent.ConnectionIdIssued(second.Span));
        endpoint.ProcessConnectionEvents(0);

        Assert.Equal(DatagramDisposition.Routed, endpoint.HandleDatagram(1, ShortPacket(second.Span, 60), FromClient, 0).Disposition);
        Assert.Equal(DatagramDisposition.Routed,
            endpoint.HandleDatagram(1, ShortPacket(connection.Info.LocalConnectionId.Span, 60), FromClient, 0).Disposition);
        // After a NAT rebinding the short header still routes: IDs, not addresses, identify the connection.
        Assert.Equal(DatagramDisposition.Routed,
            endpoint.HandleDatagram(1, ShortPacket(second.Span, 60), From(new NetAddress([10, 9, 9, 9], 1)), 0).Disposition);

        connection.Emit(RouteEvent.ConnectionIdRetired(second.Span));
        endpoint.ProcessConnectionEvents(0);
        Assert.Equal(DatagramDisposition.StatelessReset, endpoint.HandleDatagram(2, ShortPacket(second.Span, 60), FromClient, 0).Disposition);
        Assert.Equal(4, connection.DatagramsReceived);
    }

    [Fact]
    public void DrainedConnectionReleasesEveryRouteAndItsAccounting()
    {
        QuicEndpoint endpoint = Server(out FakeFactory factory);
        endpoint.HandleDatagram(0, ClientInitial(Odcid, ClientScid), FromClient, 0);
        FakeConnection connection = factory.Created[0];
        connection.Emit(RouteEvent.ConnectionIdIssued(endpoint.NewConnectionId().Span));
        connection.Emit(RouteEvent.ConnectionIdIssued(endpoint.NewConnectionId().Span));
        connection.Emit(RouteEvent.PeerResetTokenActive(Bytes(16, 9)));
        endpoint.ProcessConnectionEvents(0);
        Assert.Equal((3, 1, 1, 0), endpoint.RouteCounts);

        connection.Emit(RouteEvent.Drained);
        endpoint.ProcessConnectionEvents(0);
        Assert.Equal((0, 0, 0, 0), endpoint.RouteCounts);
        Assert.Equal(0, endpoint.ConnectionCount);
        Assert.Equal(0, endpoint.HandshakesInProgress);
        Assert.Equal(0, endpoint.UnvalidatedBytes);
        Assert.Equal(0, endpoint.PendingAcceptCount);
        Assert.Null(endpoint.GetConnection(0));
        // The slot is reused by the next connection.
        Assert.Equal(0, endpoint.HandleDatagram(1, ClientInitial(Bytes(8, 2), ClientScid), FromClient, 0).Slot);
    }

    [Fact]
    public void LateDuplicateOfTheFirstInitialDoesNotOpenASecondConnection()
    {
        QuicEndpoint endpoint = Server(out FakeFactory factory);
        endpoint.HandleDatagram(0, ClientInitial(Odcid, ClientScid), FromClient, 0);
        factory.Created[0].Emit(RouteEvent.AddressValidated);
        factory.Created[0].Emit(RouteEvent.HandshakeConfirmed);
        endpoint.ProcessConnectionEvents(0);
        Assert.Equal(0, endpoint.HandshakesInProgress);
        Assert.Equal(0, endpoint.UnvalidatedBytes);

        Assert.Equal(DatagramDisposition.Routed, endpoint.HandleDatagram(9, ClientInitial(Odcid, ClientScid), FromClient, 0).Disposition);
        Assert.Single(factory.Created);
    }

    [Fact]
    public void SameClientDcidFromAnotherAddressIsAnotherConnection()
    {
        QuicEndpoint endpoint = Server(out FakeFactory factory);
        endpoint.HandleDatagram(0, ClientInitial(Odcid, ClientScid), FromClient, 0);
        DispatchOutcome other = endpoint.HandleDatagram(0, ClientInitial(Odcid, ClientScid), From(new NetAddress([10, 0, 0, 3], 50000)), 0);
        Assert.Equal(DatagramDisposition.NewConnection, other.Disposition);
        Assert.Equal(2, factory.Created.Count);
        Assert.NotEqual(factory.Created[0].Info.LocalConnectionId, factory.Created[1].Info.LocalConnectionId);
    }

    [Theory]
    [InlineData(1199, 8, (int)DropReason.InitialTooSmall)]
    [InlineData(1200, 7, (int)DropReason.InitialDestinationTooShort)]
    [InlineData(1200, 0, (int)DropReason.InitialDestinationTooShort)]
    public void UnacceptableInitialsAreDropped(int size, int dcidLength, int reasonValue)
    {
        var reason = (DropReason)reasonValue;
        QuicEndpoint endpoint = Server(out FakeFactory factory);
        DispatchOutcome outcome = endpoint.HandleDatagram(0, ClientInitial(Bytes(dcidLength, 3), ClientScid, size: size), FromClient, 0);
        Assert.Equal(DatagramDisposition.Dropped, outcome.Disposition);
        Assert.Equal(reason, outcome.Reason);
        Assert.Equal(1, endpoint.Statistics.Count(reason));
        Assert.Empty(factory.Created);
        Assert.Equal(0, endpoint.PendingTransmitCount);
    }

    [Fact]
    public void InitialWithADestinationIdOver20BytesIsMalformed()
    {
        QuicEndpoint endpoint = Server(out FakeFactory factory);
        byte[] initial = ClientInitial(Bytes(20, 3), ClientScid);
        initial[5] = 21; // the DCID length byte: 21 bytes is only legal for versions other than v1/v2
        Assert.Equal(DropReason.MalformedHeader, endpoint.HandleDatagram(0, initial, FromClient, 0).Reason);
        Assert.Empty(factory.Created);
        Assert.Equal(0, endpoint.PendingTransmitCount);
    }

    [Fact]
    public void InitialWithTheFixedBitClearIsDropped()
    {
        QuicEndpoint endpoint = Server(out FakeFactory factory);
        byte[] initial = ClientInitial(Odcid, ClientScid);
        initial[0] &= 0xBF;
        Assert.Equal(DropReason.FixedBitClear, endpoint.HandleDatagram(0, initial, FromClient, 0).Reason);
        Assert.Empty(factory.Created);
    }

    [Fact]
    public void EndpointThatIsNotListeningCreatesNothing()
    {
        QuicEndpoint endpoint = Server(out FakeFactory factory);
        endpoint.StopListening();
        Assert.Equal(DropReason.NotListening, endpoint.HandleDatagram(0, ClientInitial(Odcid, ClientScid), FromClient, 0).Reason);
        Assert.Equal(DropReason.NotListening,
            endpoint.HandleDatagram(0, UnknownVersionPacket(0x1a2a3a4a, Odcid, ClientScid, 1200), FromClient, 0).Reason);
        Assert.Empty(factory.Created);
    }

    [Fact]
    public void DeclinedConnectionLeavesNoTrace()
    {
        QuicEndpoint endpoint = Server(out FakeFactory factory);
        factory.Decline = true;
        Assert.Equal(DropReason.ConnectionDeclined, endpoint.HandleDatagram(0, ClientInitial(Odcid, ClientScid), FromClient, 0).Reason);
        Assert.Equal((0, 0, 0, 0), endpoint.RouteCounts);
        Assert.Equal(0, endpoint.HandshakesInProgress);
        Assert.Equal(0, endpoint.ConnectionCount);
    }

    [Fact]
    public void HandshakeAndZeroRttForNoConnectionAreDropped()
    {
        QuicEndpoint endpoint = Server(out _);
        Assert.Equal(DropReason.ZeroRttWithoutConnection,
            endpoint.HandleDatagram(0, LongPacket(PacketType.ZeroRtt, Odcid, ClientScid, 1200), FromClient, 0).Reason);
        Assert.Equal(DropReason.UnknownConnection,
            endpoint.HandleDatagram(0, LongPacket(PacketType.Handshake, Odcid, ClientScid, 1200), FromClient, 0).Reason);
        Assert.Equal(0, endpoint.PendingTransmitCount);
    }

    [Fact]
    public void FirstFlightZeroRttFollowsTheInitialRoute()
    {
        QuicEndpoint endpoint = Server(out FakeFactory factory);
        endpoint.HandleDatagram(0, ClientInitial(Odcid, ClientScid), FromClient, 0);
        Assert.Equal(DatagramDisposition.Routed,
            endpoint.HandleDatagram(1, LongPacket(PacketType.ZeroRtt, Odcid, ClientScid, 500), FromClient, 0).Disposition);
        Assert.Equal(2, factory.Created[0].DatagramsReceived);
    }

    [Fact]
    public void AcceptQueueHandsOutNewConnectionsInOrder()
    {
        QuicEndpoint endpoint = Server(out FakeFactory factory);
        for (byte i = 0; i < 3; i++)
            endpoint.HandleDatagram(0, ClientInitial(Bytes(8, (byte)(10 * i)), ClientScid), FromClient, 0);
        Assert.Equal(3, endpoint.PendingAcceptCount);
        // A connection that drains before the application takes it leaves the queue.
        factory.Created[1].Emit(RouteEvent.Drained);
        endpoint.ProcessConnectionEvents(1);
        Assert.Equal(2, endpoint.PendingAcceptCount);
        Assert.True(endpoint.TryAcceptConnection(out int slot, out IEndpointConnection first));
        Assert.Equal(0, slot);
        Assert.Same(factory.Created[0], first);
        Assert.True(endpoint.TryAcceptConnection(out slot, out IEndpointConnection second));
        Assert.Equal(2, slot);
        Assert.Same(factory.Created[2], second);
        Assert.False(endpoint.TryAcceptConnection(out _, out _));
    }

    [Fact]
    public void ConnectionIdsPerConnectionAreBounded()
    {
        QuicEndpoint endpoint = Server(out FakeFactory factory, new EndpointOptions { RetryMode = RetryMode.Never, MaxConnectionIdsPerConnection = 3 });
        endpoint.HandleDatagram(0, ClientInitial(Odcid, ClientScid), FromClient, 0);
        for (int i = 0; i < 5; i++)
            factory.Created[0].Emit(RouteEvent.ConnectionIdIssued(endpoint.NewConnectionId().Span));
        // Wrong-length IDs cannot be routed by short headers and are ignored.
        factory.Created[0].Emit(RouteEvent.ConnectionIdIssued(Bytes(9, 1)));
        endpoint.ProcessConnectionEvents(0);
        Assert.Equal(3, endpoint.RouteCounts.ConnectionIds);
        Assert.Equal(3, endpoint.Statistics.ConnectionIdLimitHits);
    }

    [Fact]
    public void AnIdAlreadyRoutedElsewhereStaysWithItsOwner()
    {
        QuicEndpoint endpoint = Server(out FakeFactory factory);
        endpoint.HandleDatagram(0, ClientInitial(Odcid, ClientScid), FromClient, 0);
        endpoint.HandleDatagram(0, ClientInitial(Bytes(8, 99), ClientScid), FromClient, 0);
        ConnectionIdKey taken = factory.Created[0].Info.LocalConnectionId;
        factory.Created[1].Emit(RouteEvent.ConnectionIdIssued(taken.Span));
        factory.Created[1].Emit(RouteEvent.ConnectionIdRetired(taken.Span));
        endpoint.ProcessConnectionEvents(1);
        Assert.Equal(1, endpoint.Statistics.ConnectionIdCollisions);
        Assert.Equal(0, endpoint.HandleDatagram(0, ShortPacket(taken.Span, 40), FromClient, 0).Slot);
    }
}
