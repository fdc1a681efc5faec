using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Endpoint;
using QuicKestrel.Protocol.Wire;
using static QuicKestrel.Protocol.Tests.Endpoint.EndpointTestKit;

namespace QuicKestrel.Protocol.Tests.Endpoint;

public class ClientEndpointTests
{
    private static readonly NetAddress Server1 = new([192, 0, 2, 1], 443);
    private static readonly NetAddress Server2 = new([192, 0, 2, 2], 443);
    private static readonly NetAddress Local = new([10, 0, 0, 2], 50000);

    [Fact]
    public void ManyClientConnectionsShareOneEndpointRoutedByTheirIds()
    {
        var endpoint = new QuicEndpoint(new EndpointOptions(), new SeededRandomSource(1));
        var connections = new FakeConnection[3];
        var ids = new ConnectionIdKey[3];
        for (int i = 0; i < 3; i++)
        {
            connections[i] = new FakeConnection();
            ids[i] = endpoint.NewConnectionId();
            Assert.Equal(i, endpoint.RegisterClientConnection(connections[i], ids[i], Server1));
        }
        Assert.Equal(-1, endpoint.RegisterClientConnection(new FakeConnection(), ids[0], Server2));

        // The server's Initial, a Version Negotiation and a Retry all carry our ID as destination.
        byte[] serverInitial = ClientInitial(ids[1].Span, Bytes(8, 9));
        Assert.Equal(1, endpoint.HandleDatagram(0, serverInitial, new DatagramAddresses(Local, Server1), 0).Slot);
        var vn = new byte[100];
        Assert.True(VersionNegotiationPacket.TryWrite(vn, ids[2].Span, Bytes(8, 1), [0x1a2a3a4a], 0, out int vnLength));
        Assert.Equal(2, endpoint.HandleDatagram(0, vn.AsSpan(0, vnLength), new DatagramAddresses(Local, Server1), 0).Slot);
        var retry = new byte[200];
        Assert.True(RetryPacketWriter.TryWrite(retry, QuicVersion.V1, ids[0].Span, Bytes(8, 5), Bytes(8, 6), Bytes(20, 1),
            new SeededRandomSource(2), out int retryLength));
        Assert.Equal(0, endpoint.HandleDatagram(0, retry.AsSpan(0, retryLength), new DatagramAddresses(Local, Server1), 0).Slot);
        Assert.Equal(0, endpoint.HandleDatagram(0, ShortPacket(ids[0].Span, 50), new DatagramAddresses(Local, Server1), 0).Slot);
        Assert.Equal([2, 1, 1], connections.Select(c => c.DatagramsReceived));
        // A client-only endpoint answers nothing that would open a connection.
        Assert.Equal(DropReason.NotListening, endpoint.HandleDatagram(0, ClientInitial(Bytes(8, 7), Bytes(8, 8)), FromClient, 0).Reason);
    }

    [Fact]
    public void ZeroLengthIdsRouteByServerAddress()
    {
        var endpoint = new QuicEndpoint(new EndpointOptions { ConnectionIdLength = 0 }, new SeededRandomSource(1));
        Assert.True(endpoint.NewConnectionId().IsEmpty);
        var first = new FakeConnection();
        var second = new FakeConnection();
        Assert.Equal(0, endpoint.RegisterClientConnection(first, default, Server1));
        Assert.Equal(1, endpoint.RegisterClientConnection(second, default, Server2));
        Assert.Equal(-1, endpoint.RegisterClientConnection(new FakeConnection(), default, Server1));
        Assert.Throws<ArgumentException>(() => endpoint.RegisterClientConnection(new FakeConnection(), new ConnectionIdKey(Bytes(8, 1)), Server1));

        Assert.Equal(1, endpoint.HandleDatagram(0, ShortPacket([], 40), new DatagramAddresses(Local, Server2), 0).Slot);
        Assert.Equal(0, endpoint.HandleDatagram(0, ClientInitial([], Bytes(8, 3)), new DatagramAddresses(Local, Server1), 0).Slot);
        // Unknown peers get no reset: a zero-length ID names no connection to compute a token for.
        Assert.Equal(DropReason.ResetUnavailable,
            endpoint.HandleDatagram(0, ShortPacket([], 40), new DatagramAddresses(Local, new NetAddress([192, 0, 2, 3], 443)), 0).Reason);
        Assert.Throws<InvalidOperationException>(() => endpoint.Listen(new FakeFactory()));

        first.Emit(RouteEvent.Drained);
        endpoint.ProcessConnectionEvents(0);
        Assert.Equal(1, endpoint.RouteCounts.Addresses);
        Assert.Equal(0, endpoint.RegisterClientConnection(new FakeConnection(), default, Server1));
    }
}
