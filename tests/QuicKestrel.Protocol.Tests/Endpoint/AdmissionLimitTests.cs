using QuicKestrel.Protocol.Endpoint;
using QuicKestrel.Protocol.Wire;
using static QuicKestrel.Protocol.Tests.Endpoint.EndpointTestKit;

namespace QuicKestrel.Protocol.Tests.Endpoint;

public class AdmissionLimitTests
{
    private static readonly byte[] ClientScid = Bytes(8, 40);

    [Fact]
    public void HandshakeLimitRefusesWithConnectionRefused()
    {
        var options = new EndpointOptions { RetryMode = RetryMode.Never, MaxConcurrentHandshakes = 2 };
        QuicEndpoint endpoint = Server(out FakeFactory factory, options);
        endpoint.HandleDatagram(0, ClientInitial(Bytes(8, 1), ClientScid), FromClient, 0);
        endpoint.HandleDatagram(0, ClientInitial(Bytes(8, 2), ClientScid), FromClient, 0);
        byte[] third = Bytes(8, 3);
        DispatchOutcome outcome = endpoint.HandleDatagram(0, ClientInitial(third, ClientScid), FromClient, 0);
        Assert.Equal(DatagramDisposition.InitialClose, outcome.Disposition);
        Assert.Equal(DropReason.HandshakeLimit, outcome.Reason);
        RetryFlowTests.AssertInitialClose(endpoint, third, TransportErrorCode.ConnectionRefused);
        Assert.Equal(2, factory.Created.Count);

        factory.Created[0].Emit(RouteEvent.HandshakeConfirmed);
        endpoint.ProcessConnectionEvents(0);
        Assert.Equal(DatagramDisposition.NewConnection, endpoint.HandleDatagram(0, ClientInitial(third, ClientScid), FromClient, 0).Disposition);
    }

    [Fact]
    public void UnvalidatedMemoryLimitSparesValidatedClients()
    {
        var options = new EndpointOptions
        {
            RetryMode = RetryMode.Never,
            MaxUnvalidatedBytes = 2000,
            UnvalidatedConnectionCostBytes = 1000,
            RefuseWithInitialClose = false,
        };
        QuicEndpoint endpoint = Server(out FakeFactory factory, options);
        endpoint.HandleDatagram(0, ClientInitial(Bytes(8, 1), ClientScid), FromClient, 0);
        endpoint.HandleDatagram(0, ClientInitial(Bytes(8, 2), ClientScid), FromClient, 0);
        DispatchOutcome refused = endpoint.HandleDatagram(0, ClientInitial(Bytes(8, 3), ClientScid), FromClient, 0);
        Assert.Equal(DatagramDisposition.Dropped, refused.Disposition);
        Assert.Equal(DropReason.UnvalidatedMemoryLimit, refused.Reason);
        Assert.Equal(0, endpoint.PendingTransmitCount);

        var token = new byte[AddressTokenCodec.MaxTokenLength];
        Assert.True(endpoint.TryWriteNewToken(0, ClientAddress, token, out int length));
        Assert.Equal(DatagramDisposition.NewConnection,
            endpoint.HandleDatagram(0, ClientInitial(Bytes(8, 4), ClientScid, token[..length]), FromClient, 0).Disposition);
        Assert.True(factory.Created[2].Info.AddressValidated);
        Assert.Equal(2000, endpoint.UnvalidatedBytes);
    }

    [Fact]
    public void AcceptQueueLimitRefusesUntilTheApplicationTakesConnections()
    {
        var options = new EndpointOptions { RetryMode = RetryMode.Never, MaxPendingAccepts = 1 };
        QuicEndpoint endpoint = Server(out _, options);
        endpoint.HandleDatagram(0, ClientInitial(Bytes(8, 1), ClientScid), FromClient, 0);
        Assert.Equal(DropReason.AcceptQueueFull, endpoint.HandleDatagram(0, ClientInitial(Bytes(8, 2), ClientScid), FromClient, 0).Reason);
        Assert.True(endpoint.TryAcceptConnection(out _, out _));
        Assert.Equal(DatagramDisposition.NewConnection, endpoint.HandleDatagram(0, ClientInitial(Bytes(8, 2), ClientScid), FromClient, 0).Disposition);
    }

    [Fact]
    public void RetryComesBeforeRefusalForUnvalidatedClients()
    {
        var options = new EndpointOptions { RetryMode = RetryMode.Automatic, RetryHandshakeThreshold = 1, MaxConcurrentHandshakes = 1 };
        QuicEndpoint endpoint = Server(out _, options);
        endpoint.HandleDatagram(0, ClientInitial(Bytes(8, 1), ClientScid), FromClient, 0);
        // Unvalidated: Retry (stateless, costs nothing); validated but over the hard limit: refused.
        Assert.Equal(DatagramDisposition.Retry, endpoint.HandleDatagram(0, ClientInitial(Bytes(8, 2), ClientScid), FromClient, 0).Disposition);
        var token = new byte[AddressTokenCodec.MaxTokenLength];
        Assert.True(endpoint.TryWriteNewToken(0, ClientAddress, token, out int length));
        DispatchOutcome outcome = endpoint.HandleDatagram(0, ClientInitial(Bytes(8, 3), ClientScid, token[..length]), FromClient, 0);
        Assert.Equal(DatagramDisposition.InitialClose, outcome.Disposition);
        Assert.Equal(DropReason.HandshakeLimit, outcome.Reason);
    }

    [Fact]
    public void InitialClosesAreRateLimited()
    {
        var options = new EndpointOptions { RetryMode = RetryMode.Never, MaxConcurrentHandshakes = 0, InitialCloseRate = new RateLimit(10, 1) };
        QuicEndpoint endpoint = Server(out _, options);
        Assert.Equal(DatagramDisposition.InitialClose, endpoint.HandleDatagram(0, ClientInitial(Bytes(8, 1), ClientScid), FromClient, 0).Disposition);
        DispatchOutcome second = endpoint.HandleDatagram(0, ClientInitial(Bytes(8, 2), ClientScid), FromClient, 0);
        Assert.Equal(DatagramDisposition.Dropped, second.Disposition);
        Assert.Equal(DropReason.HandshakeLimit, second.Reason);
        Assert.Equal(2, endpoint.Statistics.Count(DropReason.HandshakeLimit));
    }
}
