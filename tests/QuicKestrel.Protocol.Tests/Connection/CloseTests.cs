using QuicKestrel.Protocol.Connection;
using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Tests.Connection;

public sealed class CloseTests
{
    private static ConnectionPair NullPair(PairOptions? options = null) =>
        new((options ?? new PairOptions()) with { Protection = PacketProtectionProvider.Null });

    [Fact]
    public void Application_close_sends_0x1d_and_the_peer_drains()
    {
        using ConnectionPair pair = NullPair();
        pair.Handshake();
        pair.Client.Close(pair.Now, 42, "bye");
        Assert.True(pair.RunUntil(() => pair.ServerEvents.Any(e => e.Kind == ConnectionEventKind.ShutdownInitiatedByPeer), 1_000_000));
        ConnectionEvent byPeer = pair.ServerEvents.First(e => e.Kind == ConnectionEventKind.ShutdownInitiatedByPeer);
        Assert.Equal(42UL, byPeer.ErrorCode);
        Assert.Equal(ConnectionState.Draining, pair.Server!.State);
        SniffedFrame close = FrameSniffer.All(pair).Single(f => f.ToServer && f.Type == FrameType.ApplicationClose);
        Assert.Equal(PacketType.OneRtt, close.PacketType);
        Assert.Equal(42UL, close.Value0);
        // Both sides finish after three PTOs, SHUTDOWN_COMPLETE last.
        Assert.True(pair.RunUntil(() => pair.Client.State == ConnectionState.Closed && pair.Server.State == ConnectionState.Closed, 5_000_000));
        Assert.Equal(ConnectionEventKind.ShutdownComplete, pair.ClientEvents[^1].Kind);
        Assert.Equal(ConnectionEventKind.ShutdownComplete, pair.ServerEvents[^1].Kind);
        Assert.True(pair.ClientEvents[^1].Has(ConnectionEventFlags.HandshakeCompleted));
        Assert.Contains(pair.ServerEndpointEvents, e => e.Kind == EndpointEventKind.Terminated);
    }

    [Fact]
    public void Application_close_during_the_handshake_is_a_transport_APPLICATION_ERROR_in_Initial()
    {
        using ConnectionPair pair = NullPair();
        pair.Start();
        pair.RunUntil(() => pair.Server is not null, 100_000);
        pair.Client.Close(pair.Now, 42, "secret reason");
        pair.RunFor(500_000);
        List<SniffedFrame> closes = FrameSniffer.All(pair).Where(f => f.ToServer && f.Type is FrameType.ConnectionClose or FrameType.ApplicationClose).ToList();
        Assert.NotEmpty(closes);
        Assert.All(closes, f =>
        {
            Assert.Equal(FrameType.ConnectionClose, f.Type);
            Assert.Equal((ulong)TransportErrorCode.ApplicationError, f.Value0);
            Assert.NotEqual(PacketType.OneRtt, f.PacketType);
        });
        // The client's closing datagram carrying an Initial is padded too.
        Assert.All(pair.Sent.Where(d => d.ToServer && FrameSniffer.Parse(true, d.Data).Any(f => f.Type == FrameType.ConnectionClose)),
            d => Assert.True(d.Data.Length >= 1200));
        Assert.Equal(ConnectionState.Draining, pair.Server!.State);
    }

    [Fact]
    public void Transport_error_closes_with_0x1c_and_the_frame_type()
    {
        using ConnectionPair pair = NullPair();
        pair.Handshake();
        PacketForger.SendOneRtt(pair, toServer: true, [0x1e]); // HANDSHAKE_DONE from a client
        pair.RunFor(200_000);
        Assert.Equal((ulong)TransportErrorCode.ProtocolViolation, pair.Server!.CloseReason.ErrorCode);
        Assert.Equal(0x1eUL, pair.Server.CloseReason.FrameType);
        ConnectionEvent shutdown = pair.ServerEvents.First(e => e.Kind == ConnectionEventKind.ShutdownInitiatedByTransport);
        Assert.Equal(ConnectionStatus.ProtocolError, shutdown.Status);
        SniffedFrame close = FrameSniffer.All(pair).First(f => !f.ToServer && f.Type == FrameType.ConnectionClose);
        Assert.Equal((ulong)TransportErrorCode.ProtocolViolation, close.Value0);
        Assert.Equal(0x1eUL, close.Value1);
        Assert.Equal(ConnectionStatus.ProtocolError,
            pair.ClientEvents.First(e => e.Kind == ConnectionEventKind.ShutdownInitiatedByTransport).Status);
    }

    [Fact]
    public void Closing_endpoint_answers_further_packets_at_a_falling_rate()
    {
        using ConnectionPair pair = NullPair();
        pair.Handshake();
        pair.Server!.Close(pair.Now, 1);
        pair.Filter = d => d.ToServer; // the client never hears the close
        pair.RunFor(1_000);
        int closesBefore = CountCloses(pair);
        for (int i = 0; i < 16; i++)
        {
            PacketForger.SendOneRtt(pair, toServer: true, [0x01], 2_000_000 + i);
            pair.RunFor(1_000);
        }
        int answered = CountCloses(pair) - closesBefore;
        Assert.Equal(5, answered); // at the 1st, 2nd, 4th, 8th and 16th packet
    }

    private static int CountCloses(ConnectionPair pair) =>
        pair.Sent.Count(d => !d.ToServer && FrameSniffer.Parse(false, d.Data).Any(f => f.Type == FrameType.ApplicationClose));

    [Fact]
    public void Both_sides_closing_at_once_see_the_peer_acknowledge_the_shutdown()
    {
        using ConnectionPair pair = NullPair();
        pair.Handshake();
        pair.Client.Close(pair.Now, 1);
        pair.Server!.Close(pair.Now, 2);
        Assert.True(pair.RunUntil(() => pair.Client.State == ConnectionState.Closed && pair.Server.State == ConnectionState.Closed, 5_000_000));
        Assert.True(pair.ClientEvents[^1].Has(ConnectionEventFlags.PeerAcknowledgedShutdown));
        Assert.True(pair.ServerEvents[^1].Has(ConnectionEventFlags.PeerAcknowledgedShutdown));
    }

    [Fact]
    public void Silent_close_ends_at_once_without_a_packet()
    {
        using ConnectionPair pair = NullPair();
        pair.Handshake();
        int sent = pair.Sent.Count;
        pair.Client.Close(pair.Now, 0, silent: true);
        pair.RunFor(100_000);
        Assert.Equal(ConnectionState.Closed, pair.Client.State);
        Assert.Equal(sent, pair.Sent.Count(d => d.ToServer) + pair.Sent.Count(d => !d.ToServer) - (pair.Sent.Count - sent));
        Assert.DoesNotContain(FrameSniffer.All(pair), f => f.Type is FrameType.ConnectionClose or FrameType.ApplicationClose);
        Assert.Equal(ConnectionEventKind.ShutdownComplete, pair.ClientEvents[^1].Kind);
    }

    [Fact]
    public void Idle_timeout_closes_silently_after_the_negotiated_time()
    {
        using ConnectionPair pair = NullPair(new PairOptions
        {
            ClientSettings = ConnectionSettings.Default with { IdleTimeoutMicros = 2_000_000 },
        });
        pair.Handshake();
        long start = pair.Now;
        Assert.Equal(2_000_000, pair.Client.IdleTimeoutMicros);
        Assert.True(pair.RunUntil(() => pair.Client.State == ConnectionState.Closed && pair.Server!.State == ConnectionState.Closed, 10_000_000));
        Assert.InRange(pair.Now - start, 1_900_000, 2_200_000);
        Assert.Equal(ConnectionStatus.ConnectionIdle,
            pair.ClientEvents.First(e => e.Kind == ConnectionEventKind.ShutdownInitiatedByTransport).Status);
        Assert.DoesNotContain(FrameSniffer.All(pair), f => f.Type is FrameType.ConnectionClose or FrameType.ApplicationClose);
    }

    [Fact]
    public void Keep_alive_pings_keep_an_idle_connection_open()
    {
        using ConnectionPair pair = NullPair(new PairOptions
        {
            ClientSettings = ConnectionSettings.Default with { IdleTimeoutMicros = 2_000_000, KeepAliveIntervalMicros = 500_000 },
        });
        pair.Handshake();
        pair.RunFor(10_000_000);
        Assert.Equal(ConnectionState.Established, pair.Client.State);
        Assert.Equal(ConnectionState.Established, pair.Server!.State);
        Assert.True(FrameSniffer.All(pair).Count(f => f.ToServer && f.Type == FrameType.Ping) >= 15);
    }

    [Fact]
    public void Handshake_idle_timeout_ends_a_handshake_that_never_finishes()
    {
        using ConnectionPair pair = NullPair(new PairOptions
        {
            ClientSettings = ConnectionSettings.Default with { HandshakeIdleTimeoutMicros = 1_000_000 },
        });
        pair.Filter = d => false; // nothing arrives
        pair.Start();
        Assert.True(pair.RunUntil(() => pair.Client.State == ConnectionState.Closed, 5_000_000));
        Assert.InRange(pair.Now, 1_000_000, 1_000_001);
        Assert.Equal(ConnectionStatus.ConnectionTimeout,
            pair.ClientEvents.First(e => e.Kind == ConnectionEventKind.ShutdownInitiatedByTransport).Status);
    }

    [Fact]
    public void Tls_failure_closes_with_the_crypto_error_of_the_alert()
    {
        // The client does not trust the server's certificate: bad_certificate (42) -> 0x12a... as CRYPTO_ERROR 0x100 + alert.
        using ConnectionPair pair = NullPair(new PairOptions { ServerTlsConfig = Tls.TlsPair.ServerConfig(Tls.TestCertificates.Untrusted) });
        pair.Start();
        pair.RunFor(1_000_000);
        Assert.InRange(pair.Client.CloseReason.ErrorCode, 0x100UL, 0x1ffUL);
        ConnectionEvent shutdown = pair.ClientEvents.First(e => e.Kind == ConnectionEventKind.ShutdownInitiatedByTransport);
        Assert.Equal(ConnectionStatus.TlsAlertBase + (uint)(pair.Client.CloseReason.ErrorCode - 0x100), shutdown.Status);
        Assert.Contains(pair.ServerEvents, e => e.Kind == ConnectionEventKind.ShutdownInitiatedByTransport && e.ErrorCode == pair.Client.CloseReason.ErrorCode);
    }
}
