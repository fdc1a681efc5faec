using QuicKestrel.Protocol.Connection;
using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Tests.Connection;

public sealed class VersionAndRetryTests
{
    private static byte[] VersionNegotiation(QuicConnection client, params uint[] versions)
    {
        var buffer = new byte[256];
        VersionNegotiationPacket.TryWrite(buffer, client.LocalConnectionId.Span, client.OriginalDestinationConnectionId.Span, versions, 0x3a, out int length);
        return buffer.AsSpan(0, length).ToArray();
    }

    private static byte[] Retry(QuicConnection client, ConnectionId retrySource, byte[] token, bool corruptTag = false)
    {
        var buffer = new byte[256];
        RetryPacket.TryWriteWithoutTag(buffer, client.Version, client.LocalConnectionId.Span, retrySource.Span, token, 0, out int tagOffset);
        RetryIntegrity.ComputeTag(client.Version, client.OriginalDestinationConnectionId.Span, buffer.AsSpan(0, tagOffset), buffer.AsSpan(tagOffset));
        if (corruptTag)
            buffer[tagOffset] ^= 1;
        return buffer.AsSpan(0, tagOffset + RetryPacket.IntegrityTagLength).ToArray();
    }

    [Fact]
    public void Version_negotiation_without_a_common_version_ends_the_connection()
    {
        using var pair = new ConnectionPair(new PairOptions { Protection = PacketProtectionProvider.Null });
        pair.Filter = d => false;
        pair.Start();
        pair.Inject(false, VersionNegotiation(pair.Client, 0x1a2a3a4a, 0xff000020));
        pair.RunFor(1_000);
        Assert.Equal(ConnectionState.Closed, pair.Client.State);
        Assert.Equal(ConnectionStatus.VersionNegotiationError,
            pair.ClientEvents.First(e => e.Kind == ConnectionEventKind.ShutdownInitiatedByTransport).Status);
        Assert.Equal(ConnectionEventKind.ShutdownComplete, pair.ClientEvents[^1].Kind);
    }

    [Fact]
    public void Version_negotiation_listing_our_version_is_ignored()
    {
        using var pair = new ConnectionPair(new PairOptions { Protection = PacketProtectionProvider.Null });
        pair.Start();
        pair.Inject(false, VersionNegotiation(pair.Client, QuicVersion.V1, 0x1a2a3a4a));
        Assert.True(pair.RunUntil(() => pair.Client.IsHandshakeConfirmed, 2_000_000));
    }

    [Fact]
    public void Version_negotiation_after_a_server_packet_is_ignored()
    {
        using var pair = new ConnectionPair(new PairOptions { Protection = PacketProtectionProvider.Null });
        pair.Start();
        Assert.True(pair.RunUntil(() => pair.Client.IsHandshakeComplete, 1_000_000));
        pair.Inject(false, VersionNegotiation(pair.Client, 0x1a2a3a4a));
        pair.RunFor(1_000);
        Assert.Equal(ConnectionState.Established, pair.Client.State);
    }

    [Fact]
    public void Compatible_version_negotiation_moves_the_handshake_to_v2()
    {
        using var pair = new ConnectionPair(new PairOptions
        {
            Protection = PacketProtectionProvider.Null,
            ServerVersions = [QuicVersion.V2, QuicVersion.V1],
        });
        pair.Handshake();
        Assert.Equal(QuicVersion.V2, pair.Client.Version);
        Assert.Equal(QuicVersion.V2, pair.Server!.Version);
        Assert.True(PacketHeader.TryParse(pair.Sent[0].Data, 0, out PacketHeader first));
        Assert.Equal(QuicVersion.V1, first.Version);
        PairDatagram serverFirst = pair.Sent.First(d => !d.ToServer);
        Assert.True(PacketHeader.TryParse(serverFirst.Data, 0, out PacketHeader answer));
        Assert.Equal(QuicVersion.V2, answer.Version);
    }

    [Fact]
    public void Compatible_version_negotiation_with_real_keys()
    {
        using var pair = new ConnectionPair(new PairOptions { ServerVersions = [QuicVersion.V2, QuicVersion.V1] });
        pair.Handshake();
        Assert.Equal(QuicVersion.V2, pair.Client.Version);
    }

    [Fact]
    public void A_server_that_prefers_v1_keeps_v1()
    {
        using var pair = new ConnectionPair();
        pair.Handshake();
        Assert.Equal(QuicVersion.V1, pair.Client.Version);
    }

    [Fact]
    public void Retry_restarts_the_initial_flight_with_the_token_and_continues_packet_numbers()
    {
        using var pair = new ConnectionPair();
        var retrySource = new ConnectionId([0xee, 1, 2, 3, 4, 5, 6, 7]);
        byte[] token = [0x70, 0x6f, 0x6b, 0x65, 0x6e];
        bool retried = false;
        pair.Filter = d =>
        {
            if (!d.ToServer || retried)
                return true;
            retried = true;
            pair.RetryContext = (pair.Client.OriginalDestinationConnectionId, retrySource);
            pair.Inject(false, Retry(pair.Client, retrySource, token));
            return false; // the endpoint answered this Initial with a Retry instead
        };
        pair.Handshake();
        Assert.True(pair.Client.RetryReceived);
        PairDatagram second = pair.Sent.Where(d => d.ToServer).ElementAt(1);
        Assert.True(PacketHeader.TryParse(second.Data, 0, out PacketHeader header));
        Assert.Equal(PacketType.Initial, header.Type);
        Assert.Equal(token, header.Token.ToArray());
        Assert.Equal(retrySource.ToArray(), header.DestinationConnectionId.ToArray());
        Assert.Equal(retrySource.ToArray(), pair.Server!.PeerParameters is null ? null : pair.Client.PeerParameters!.RetrySourceConnectionId);
        Assert.True(second.Data.Length >= 1200);
    }

    [Fact]
    public void Retry_with_a_bad_tag_and_a_second_retry_are_ignored()
    {
        using var pair = new ConnectionPair();
        var retrySource = new ConnectionId([0xee, 1, 2, 3, 4, 5, 6, 7]);
        pair.Filter = d => false;
        pair.Start();
        pair.RunFor(1_000);
        pair.Inject(false, Retry(pair.Client, retrySource, [1, 2, 3], corruptTag: true));
        pair.RunFor(1_000);
        Assert.False(pair.Client.RetryReceived);
        pair.Inject(false, Retry(pair.Client, retrySource, [1, 2, 3]));
        pair.RunFor(1_000);
        Assert.True(pair.Client.RetryReceived);
        ConnectionId afterFirst = pair.Client.RemoteConnectionId;
        pair.Inject(false, Retry(pair.Client, new ConnectionId([0xdd, 1, 2, 3, 4, 5, 6, 7]), [4, 5, 6]));
        pair.RunFor(1_000);
        Assert.Equal(afterFirst, pair.Client.RemoteConnectionId);
    }

    [Fact]
    public void Server_created_after_a_retry_authenticates_it_in_its_parameters()
    {
        using var pair = new ConnectionPair();
        var retrySource = new ConnectionId([0xee, 1, 2, 3, 4, 5, 6, 7]);
        bool retried = false;
        pair.Filter = d =>
        {
            if (!d.ToServer || retried)
                return true;
            retried = true;
            pair.RetryContext = (pair.Client.OriginalDestinationConnectionId, retrySource);
            pair.Inject(false, Retry(pair.Client, retrySource, [9]));
            return false;
        };
        pair.Handshake();
        Assert.Equal(retrySource.ToArray(), pair.Client.PeerParameters!.RetrySourceConnectionId);
        Assert.Equal(pair.Client.OriginalDestinationConnectionId.ToArray(), pair.Client.PeerParameters.OriginalDestinationConnectionId);
    }
}
