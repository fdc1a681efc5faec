using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Endpoint;
using QuicKestrel.Protocol.Wire;
using static QuicKestrel.Protocol.Tests.Endpoint.EndpointTestKit;

namespace QuicKestrel.Protocol.Tests.Endpoint;

public class RetryFlowTests
{
    private static readonly byte[] Odcid = Bytes(10, 1);
    private static readonly byte[] ClientScid = Bytes(8, 40);

    private static EndpointOptions Options(RetryMode mode = RetryMode.Always) => new() { RetryMode = mode };

    /// <summary>Sends the first Initial, takes the Retry and returns its Source Connection ID and token.</summary>
    private static (byte[] RetryScid, byte[] Token) Retry(QuicEndpoint endpoint, uint version, long now = 0, NetAddress? client = null)
    {
        DispatchOutcome outcome = endpoint.HandleDatagram(now, ClientInitial(Odcid, ClientScid, version: version),
            From(client ?? ClientAddress), 0);
        Assert.Equal(DatagramDisposition.Retry, outcome.Disposition);
        (StatelessTransmit transmit, byte[] retry) = Poll(endpoint);
        Assert.Equal(StatelessPacketKind.Retry, transmit.Kind);
        Assert.Equal(client ?? ClientAddress, transmit.Destination);
        Assert.Equal(ServerAddress, transmit.Source);
        Assert.True(PacketHeader.TryParse(retry, 0, out PacketHeader header));
        Assert.Equal(PacketType.Retry, header.Type);
        Assert.Equal(version, header.Version);
        Assert.Equal(ClientScid, header.DestinationConnectionId.ToArray());
        Assert.True(RetryIntegrity.Verify(version, Odcid, retry));
        return (header.SourceConnectionId.ToArray(), header.Token.ToArray());
    }

    [Theory]
    [InlineData(QuicVersion.V1)]
    [InlineData(QuicVersion.V2)]
    public void RetryThenInitialWithTheTokenCreatesAValidatedConnection(uint version)
    {
        QuicEndpoint endpoint = Server(out FakeFactory factory, Options());
        (byte[] retryScid, byte[] token) = Retry(endpoint, version);
        Assert.Empty(factory.Created);
        Assert.Equal(8, retryScid.Length);

        DispatchOutcome outcome = endpoint.HandleDatagram(5_000, ClientInitial(retryScid, ClientScid, token, version: version), FromClient, 0);
        Assert.Equal(DatagramDisposition.NewConnection, outcome.Disposition);
        NewConnectionInfo info = Assert.Single(factory.Created).Info;
        Assert.True(info.AddressValidated);
        Assert.Equal(AddressTokenKind.Retry, info.ValidatedBy);
        Assert.Equal(retryScid, info.InitialDestinationConnectionId.Span.ToArray());
        Assert.Equal(Odcid, info.OriginalDestinationConnectionId.Span.ToArray());
        Assert.True(info.HasRetrySourceConnectionId);
        Assert.Equal(retryScid, info.RetrySourceConnectionId.Span.ToArray());
        Assert.Equal(0, endpoint.UnvalidatedBytes);
        Assert.Equal(1, endpoint.Statistics.ValidatedByRetryToken);

        // The client repeats the token in every Initial (RFC 9000 §8.1.3): those reach the connection.
        Assert.Equal(DatagramDisposition.Routed,
            endpoint.HandleDatagram(6_000, ClientInitial(retryScid, ClientScid, token, version: version), FromClient, 0).Disposition);
        Assert.Single(factory.Created);
    }

    [Fact]
    public void ExpiredRetryTokenGetsAnInvalidTokenClose()
    {
        QuicEndpoint endpoint = Server(out FakeFactory factory, Options());
        (byte[] retryScid, byte[] token) = Retry(endpoint, QuicVersion.V1);
        DispatchOutcome outcome = endpoint.HandleDatagram(10_000_001, ClientInitial(retryScid, ClientScid, token), FromClient, 0);
        Assert.Equal(DatagramDisposition.InitialClose, outcome.Disposition);
        Assert.Empty(factory.Created);
        AssertInitialClose(endpoint, retryScid, TransportErrorCode.InvalidToken);
        Assert.Equal(1, endpoint.Statistics.InvalidTokenCloses);
    }

    [Fact]
    public void RetryTokenFromAnotherPortGetsAnInvalidTokenClose()
    {
        QuicEndpoint endpoint = Server(out FakeFactory factory, Options());
        (byte[] retryScid, byte[] token) = Retry(endpoint, QuicVersion.V1);
        var moved = new NetAddress([10, 0, 0, 2], 50001);
        Assert.Equal(DatagramDisposition.InitialClose,
            endpoint.HandleDatagram(1, ClientInitial(retryScid, ClientScid, token), From(moved), 0).Disposition);
        AssertInitialClose(endpoint, retryScid, TransportErrorCode.InvalidToken);
        Assert.Empty(factory.Created);
    }

    [Fact]
    public void RetryTokenWithAnotherDestinationIdGetsAnInvalidTokenClose()
    {
        QuicEndpoint endpoint = Server(out _, Options());
        (_, byte[] token) = Retry(endpoint, QuicVersion.V1);
        byte[] otherDcid = Bytes(8, 222);
        Assert.Equal(DatagramDisposition.InitialClose,
            endpoint.HandleDatagram(1, ClientInitial(otherDcid, ClientScid, token), FromClient, 0).Disposition);
        AssertInitialClose(endpoint, otherDcid, TransportErrorCode.InvalidToken);
    }

    [Fact]
    public void GarbageTokenIsIgnoredAndEarnsAnotherRetry()
    {
        QuicEndpoint endpoint = Server(out FakeFactory factory, Options());
        byte[] garbage = Bytes(60, 5);
        Assert.Equal(DatagramDisposition.Retry, endpoint.HandleDatagram(0, ClientInitial(Odcid, ClientScid, garbage), FromClient, 0).Disposition);
        Assert.Equal(1, endpoint.Statistics.TokensIgnored);

        QuicEndpoint open = Server(out FakeFactory openFactory, Options(RetryMode.Never));
        Assert.Equal(DatagramDisposition.NewConnection, open.HandleDatagram(0, ClientInitial(Odcid, ClientScid, garbage), FromClient, 0).Disposition);
        Assert.False(openFactory.Created[0].Info.AddressValidated);
        Assert.Empty(factory.Created);
    }

    [Fact]
    public void NewTokenValidatesOnceThenIsIgnored()
    {
        QuicEndpoint endpoint = Server(out FakeFactory factory, Options());
        var token = new byte[AddressTokenCodec.MaxTokenLength];
        // Issued on an earlier connection from the same IP (another port).
        Assert.True(endpoint.TryWriteNewToken(0, new NetAddress([10, 0, 0, 2], 4444), token, out int length));
        byte[] newToken = token[..length];

        Assert.Equal(DatagramDisposition.NewConnection,
            endpoint.HandleDatagram(3_600_000_000, ClientInitial(Odcid, ClientScid, newToken), FromClient, 0).Disposition);
        NewConnectionInfo info = factory.Created[0].Info;
        Assert.True(info.AddressValidated);
        Assert.Equal(AddressTokenKind.NewToken, info.ValidatedBy);
        Assert.False(info.HasRetrySourceConnectionId);
        Assert.Equal(Odcid, info.OriginalDestinationConnectionId.Span.ToArray());

        // A second connection attempt with the same token proceeds as if it had none: here, a Retry.
        Assert.Equal(DatagramDisposition.Retry,
            endpoint.HandleDatagram(3_600_000_001, ClientInitial(Bytes(8, 77), ClientScid, newToken), FromClient, 0).Disposition);
        Assert.Equal(TokenStatus.Replayed,
            endpoint.EvaluateInitialToken(3_600_000_002, newToken, ClientAddress, Bytes(8, 78)).Validation.Status);
    }

    [Fact]
    public void NewTokenFromAnotherIPIsIgnored()
    {
        QuicEndpoint endpoint = Server(out _, Options());
        var token = new byte[AddressTokenCodec.MaxTokenLength];
        Assert.True(endpoint.TryWriteNewToken(0, new NetAddress([10, 0, 0, 77], 4444), token, out int length));
        InitialTokenCheck check = endpoint.EvaluateInitialToken(1, token.AsSpan(0, length), ClientAddress, Odcid);
        Assert.Equal(InitialTokenDecision.IgnoredToken, check.Decision);
        Assert.Equal(TokenStatus.WrongAddress, check.Validation.Status);
        Assert.False(check.AddressValidated);
    }

    [Fact]
    public void TokensUseWallClockTime()
    {
        QuicEndpoint endpoint = Server(out _, Options());
        endpoint.WallClockOffsetMicros = 1_700_000_000_000_000;
        var token = new byte[AddressTokenCodec.MaxTokenLength];
        Assert.True(endpoint.TryWriteNewToken(0, ClientAddress, token, out int length));
        TokenValidation validation = endpoint.Tokens.Validate(token.AsSpan(0, length), ClientAddress, [], 1_700_000_000_000_000);
        Assert.True(validation.IsValid);
        Assert.Equal(1_700_000_000_000_000, validation.Contents.IssuedUnixMicros);
    }

    [Fact]
    public void AutomaticRetryStartsAboveTheHandshakeThreshold()
    {
        var options = new EndpointOptions { RetryMode = RetryMode.Automatic, RetryHandshakeThreshold = 2 };
        QuicEndpoint endpoint = Server(out FakeFactory factory, options);
        Assert.Equal(DatagramDisposition.NewConnection, endpoint.HandleDatagram(0, ClientInitial(Bytes(8, 1), ClientScid), FromClient, 0).Disposition);
        Assert.Equal(DatagramDisposition.NewConnection, endpoint.HandleDatagram(0, ClientInitial(Bytes(8, 2), ClientScid), FromClient, 0).Disposition);
        Assert.Equal(DatagramDisposition.Retry, endpoint.HandleDatagram(0, ClientInitial(Bytes(8, 3), ClientScid), FromClient, 0).Disposition);
        factory.Created[0].Emit(RouteEvent.HandshakeConfirmed);
        endpoint.ProcessConnectionEvents(0);
        Assert.Equal(DatagramDisposition.NewConnection, endpoint.HandleDatagram(0, ClientInitial(Bytes(8, 4), ClientScid), FromClient, 0).Disposition);
    }

    [Fact]
    public void AutomaticRetryStartsAboveTheUnvalidatedMemoryThreshold()
    {
        var options = new EndpointOptions
        {
            RetryMode = RetryMode.Automatic,
            RetryMemoryThresholdBytes = 3000,
            UnvalidatedConnectionCostBytes = 1000,
        };
        QuicEndpoint endpoint = Server(out FakeFactory factory, options);
        for (byte i = 0; i < 3; i++)
            Assert.Equal(DatagramDisposition.NewConnection, endpoint.HandleDatagram(0, ClientInitial(Bytes(8, i), ClientScid), FromClient, 0).Disposition);
        Assert.Equal(3000, endpoint.UnvalidatedBytes);
        Assert.Equal(DatagramDisposition.Retry, endpoint.HandleDatagram(0, ClientInitial(Bytes(8, 9), ClientScid), FromClient, 0).Disposition);
        // Validation frees its share even while the handshake goes on.
        factory.Created[1].Emit(RouteEvent.AddressValidated);
        endpoint.ProcessConnectionEvents(1);
        Assert.Equal(2000, endpoint.UnvalidatedBytes);
        Assert.Equal(DatagramDisposition.NewConnection, endpoint.HandleDatagram(0, ClientInitial(Bytes(8, 10), ClientScid), FromClient, 0).Disposition);
    }

    [Fact]
    public void RetriesAreRateLimited()
    {
        var options = new EndpointOptions { RetryMode = RetryMode.Always, RetryRate = new RateLimit(10, 2), StatelessQueueCapacity = 16 };
        QuicEndpoint endpoint = Server(out _, options);
        var dispositions = new List<DatagramDisposition>();
        for (byte i = 0; i < 4; i++)
            dispositions.Add(endpoint.HandleDatagram(0, ClientInitial(Bytes(8, i), ClientScid), FromClient, 0).Disposition);
        Assert.Equal([DatagramDisposition.Retry, DatagramDisposition.Retry, DatagramDisposition.Dropped, DatagramDisposition.Dropped], dispositions);
        Assert.Equal(2, endpoint.Statistics.Count(DropReason.RetryRateLimited));
        Assert.Equal(DatagramDisposition.Retry, endpoint.HandleDatagram(100_000, ClientInitial(Bytes(8, 9), ClientScid), FromClient, 0).Disposition);
    }

    internal static void AssertInitialClose(QuicEndpoint endpoint, byte[] clientDcid, TransportErrorCode error)
    {
        (StatelessTransmit transmit, byte[] packet) = Poll(endpoint);
        Assert.Equal(StatelessPacketKind.InitialClose, transmit.Kind);
        Assert.True(PacketHeader.TryParse(packet, 0, out PacketHeader header));
        Assert.Equal(PacketType.Initial, header.Type);
        Assert.Equal(ClientScid, header.DestinationConnectionId.ToArray());
        int pnOffset = header.PacketNumberOffset;
        PacketProtectionProvider.Aead.CreateInitial(header.Version, clientDcid, isServer: false, out PacketProtection send, out PacketProtection receive);
        using (send)
        using (receive)
        {
            Span<byte> span = packet;
            Assert.True(receive.TryRemoveHeaderProtection(span, pnOffset, out int pnLength, out uint pn));
            Assert.True(receive.TryOpen(span, pnOffset + pnLength, pn, out int payloadLength));
            var reader = new FrameReader(span.Slice(pnOffset + pnLength, payloadLength), PacketType.Initial);
            Assert.True(reader.TryReadFrame(out Frame frame, out _));
            Assert.Equal((ulong)error, frame.ConnectionClose.ErrorCode);
        }
    }
}
