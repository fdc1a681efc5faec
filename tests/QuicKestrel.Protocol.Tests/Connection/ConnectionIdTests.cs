using QuicKestrel.Protocol.Connection;
using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Tests.Connection;

public sealed class ConnectionIdTests
{
    private static ConnectionPair Established()
    {
        var pair = new ConnectionPair(new PairOptions { Protection = PacketProtectionProvider.Null });
        pair.Handshake();
        pair.RunFor(200_000);
        return pair;
    }

    private static byte[] NewConnectionId(long sequence, long retirePriorTo, byte idByte)
    {
        byte[] id = Enumerable.Repeat(idByte, 8).ToArray();
        byte[] token = Enumerable.Repeat((byte)(idByte + 1), 16).ToArray();
        var buffer = new byte[64];
        new NewConnectionIdFrame((ulong)sequence, (ulong)retirePriorTo, id, token).TryWrite(buffer, out int length);
        return buffer.AsSpan(0, length).ToArray();
    }

    [Fact]
    public void Both_sides_issue_ids_up_to_the_active_connection_id_limit_and_tell_the_endpoint()
    {
        using ConnectionPair pair = Established();
        Assert.Equal(4, pair.Client.PeerIds.ActiveCount);
        Assert.Equal(4, pair.Server!.PeerIds.ActiveCount);
        Assert.Equal(4, pair.Server.LocalIds.ActiveCount);
        Assert.Equal(4, pair.ServerEndpointEvents.Count(e => e.Kind == EndpointEventKind.ConnectionIdIssued));
        Assert.Equal(3, FrameSniffer.All(pair).Count(f => !f.ToServer && f.Type == FrameType.NewConnectionId));
    }

    [Fact]
    public void Endpoint_learns_the_reset_tokens_in_use_and_the_address_validation()
    {
        using ConnectionPair pair = Established();
        var client = new List<EndpointEvent>();
        while (pair.Client.PollEndpointEvent(out EndpointEvent e))
            client.Add(e);
        EndpointEvent active = client.Single(e => e.Kind == EndpointEventKind.PeerResetTokenActive);
        Assert.True(active.Token.Equals(pair.Server!.LocalIds.InitialToken));
        Assert.Contains(pair.ServerEndpointEvents, e => e.Kind == EndpointEventKind.AddressValidated);
        Assert.Contains(pair.ServerEndpointEvents, e => e.Kind == EndpointEventKind.HandshakeConfirmed);
    }

    [Fact]
    public void More_active_ids_than_our_limit_is_CONNECTION_ID_LIMIT_ERROR()
    {
        using ConnectionPair pair = Established();
        PacketForger.SendOneRtt(pair, toServer: false, NewConnectionId(10, 0, 0xa0));
        pair.RunFor(1_000);
        Assert.Equal((ulong)TransportErrorCode.ConnectionIdLimitError, pair.Client.CloseReason.ErrorCode);
    }

    [Fact]
    public void A_sequence_number_reused_for_another_id_is_PROTOCOL_VIOLATION()
    {
        using ConnectionPair pair = Established();
        PacketForger.SendOneRtt(pair, toServer: false, NewConnectionId(1, 0, 0xa0));
        pair.RunFor(1_000);
        Assert.Equal((ulong)TransportErrorCode.ProtocolViolation, pair.Client.CloseReason.ErrorCode);
    }

    [Fact]
    public void Retire_prior_to_retires_old_ids_and_switches_the_id_in_use()
    {
        using ConnectionPair pair = Established();
        ConnectionId before = pair.Client.RemoteConnectionId;
        PacketForger.SendOneRtt(pair, toServer: false, NewConnectionId(4, 4, 0xa0));
        pair.RunFor(200_000);
        Assert.Equal(ConnectionState.Established, pair.Client.State);
        Assert.NotEqual(before, pair.Client.RemoteConnectionId);
        Assert.Equal(Enumerable.Repeat((byte)0xa0, 8).ToArray(), pair.Client.RemoteConnectionId.ToArray());
        List<SniffedFrame> retired = FrameSniffer.All(pair).Where(f => f.ToServer && f.Type == FrameType.RetireConnectionId).ToList();
        Assert.Equal([0UL, 1UL, 2UL, 3UL], retired.Select(f => f.Value0).Order().ToArray());
    }

    [Fact]
    public void Retired_ids_are_reported_to_the_endpoint_and_replaced()
    {
        // The client accepts more IDs than the server issues, so the replacement fits even though
        // the client itself never retired sequence 1 (the retirement below is forged).
        using var pair = new ConnectionPair(new PairOptions
        {
            Protection = PacketProtectionProvider.Null,
            ClientSettings = ConnectionSettings.Default with { ActiveConnectionIdLimit = 8 },
        });
        pair.Handshake();
        pair.RunFor(200_000);
        int issued = pair.ServerEndpointEvents.Count(e => e.Kind == EndpointEventKind.ConnectionIdIssued);
        pair.Filter = d => d.ToServer; // the client must not see the server acknowledge a packet it never sent
        PacketForger.SendOneRtt(pair, toServer: true, [0x19, 0x01]); // retire sequence 1, sent to sequence 0
        pair.RunFor(200_000);
        Assert.Equal(ConnectionState.Established, pair.Server!.State);
        EndpointEvent retired = pair.ServerEndpointEvents.Single(e => e.Kind == EndpointEventKind.ConnectionIdRetired && e.Sequence >= 0);
        Assert.Equal(1, retired.Sequence);
        Assert.Equal(issued + 1, pair.ServerEndpointEvents.Count(e => e.Kind == EndpointEventKind.ConnectionIdIssued));
        Assert.Contains(FrameSniffer.All(pair), f => !f.ToServer && f.Type == FrameType.NewConnectionId && f.Value0 == 4);
        Assert.Equal(4, pair.Server.LocalIds.ActiveCount);
    }

    [Fact]
    public void A_new_id_below_retire_prior_to_is_retired_at_once()
    {
        using ConnectionPair pair = Established();
        PacketForger.SendOneRtt(pair, toServer: false, NewConnectionId(6, 5, 0xa0));
        pair.RunFor(100_000);
        PacketForger.SendOneRtt(pair, toServer: false, NewConnectionId(4, 0, 0xb0), 1_000_001);
        pair.RunFor(100_000);
        Assert.Contains(FrameSniffer.All(pair), f => f.ToServer && f.Type == FrameType.RetireConnectionId && f.Value0 == 4);
        Assert.Equal(ConnectionState.Established, pair.Client.State);
    }

    [Fact]
    public void Retiring_an_id_never_issued_is_PROTOCOL_VIOLATION()
    {
        using ConnectionPair pair = Established();
        PacketForger.SendOneRtt(pair, toServer: true, [0x19, 0x30]);
        pair.RunFor(1_000);
        Assert.Equal((ulong)TransportErrorCode.ProtocolViolation, pair.Server!.CloseReason.ErrorCode);
    }

    [Fact]
    public void Retiring_the_id_the_packet_was_sent_to_is_PROTOCOL_VIOLATION()
    {
        using ConnectionPair pair = Established();
        // The forged packet goes to sequence 0, the server's initial ID.
        PacketForger.SendOneRtt(pair, toServer: true, [0x19, 0x00]);
        pair.RunFor(1_000);
        Assert.Equal((ulong)TransportErrorCode.ProtocolViolation, pair.Server!.CloseReason.ErrorCode);
    }

    [Fact]
    public void Stateless_reset_from_the_peer_moves_to_draining()
    {
        using ConnectionPair pair = Established();
        StatelessResetToken token = pair.Server!.LocalIds.InitialToken;
        var reset = new byte[43];
        new SeededRandomSource(5).Fill(reset);
        reset[0] = (byte)(0x40 | (reset[0] & 0x3f));
        token.Span.CopyTo(reset.AsSpan(reset.Length - 16));
        pair.Filter = d => d.ToServer;
        pair.Inject(false, reset);
        pair.RunFor(1_000);
        Assert.Equal(ConnectionState.Draining, pair.Client.State);
        Assert.Equal(ConnectionStatus.Aborted, pair.ClientEvents.First(e => e.Kind == ConnectionEventKind.ShutdownInitiatedByTransport).Status);
        int sent = pair.Sent.Count(d => d.ToServer);
        pair.RunFor(2_000_000);
        Assert.Equal(sent, pair.Sent.Count(d => d.ToServer)); // draining: nothing more is sent
        Assert.Equal(ConnectionState.Closed, pair.Client.State);
    }

    [Fact]
    public void A_random_undecryptable_packet_is_not_taken_for_a_reset()
    {
        using ConnectionPair pair = Established();
        var noise = new byte[43];
        new SeededRandomSource(6).Fill(noise);
        noise[0] = 0x40;
        pair.Inject(false, noise);
        pair.RunFor(1_000);
        Assert.Equal(ConnectionState.Established, pair.Client.State);
    }
}
