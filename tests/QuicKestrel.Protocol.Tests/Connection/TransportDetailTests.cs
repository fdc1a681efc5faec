using QuicKestrel.Protocol.Connection;
using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Streams;
using QuicKestrel.Protocol.Tests.Tls;
using QuicKestrel.Protocol.Tls;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Tests.Connection;

/// <summary>Smaller transport rules: AEAD limits, ECN, GSO batches, DPLPMTUD, buffering before keys, NEW_TOKEN, remembered 0-RTT limits.</summary>
public sealed class TransportDetailTests
{
    [Fact]
    public void Reaching_the_integrity_limit_closes_with_AEAD_LIMIT_REACHED()
    {
        using var pair = new ConnectionPair(new PairOptions { Protection = new LimitedProtectionProvider(long.MaxValue, 5) });
        pair.Handshake();
        for (int i = 0; i < 5; i++)
        {
            byte[] forged = PacketForger.BuildOneRtt(pair.Server!.LocalIds.Initial.Span, 9000 + i, [0x01]);
            forged[^1] ^= 0xff; // a tag that does not verify
            pair.Inject(true, forged);
            pair.RunFor(1_000);
        }
        Assert.Equal((ulong)TransportErrorCode.AeadLimitReached, pair.Server!.CloseReason.ErrorCode);
    }

    [Fact]
    public void Nearing_the_confidentiality_limit_updates_the_keys()
    {
        using var pair = new ConnectionPair(new PairOptions { Protection = new LimitedProtectionProvider(200, long.MaxValue) });
        var app = new StreamApp();
        app.Attach(pair, server: true);
        pair.Handshake();
        for (int round = 0; round < 3; round++)
        {
            pair.Client.StartStream(true, false, null, out QuicStream? stream);
            pair.Client.Write(stream!, StreamApp.Pattern(stream!.Id, 300_000), true, pair.Now);
            Assert.True(pair.RunUntil(() => app.Finished.Contains(stream.Id), 10_000_000));
            pair.RunFor(1_000_000);
        }
        Assert.True(pair.Client.ApplicationKeys.KeyUpdateCount >= 2);
        Assert.True(pair.Client.ApplicationKeys.PacketsSealedWithKey < 200);
        Assert.Equal(ConnectionState.Established, pair.Client.State);
    }

    [Fact]
    public void Ecn_marks_are_sent_and_counted_in_ACK_ECN_frames()
    {
        var settings = ConnectionSettings.Default with { EcnEnabled = true, PeerBidiStreamCount = 10 };
        using var pair = new ConnectionPair(new PairOptions { Protection = PacketProtectionProvider.Null, ClientSettings = settings, ServerSettings = settings });
        pair.Handshake();
        Assert.Contains(pair.Sent, d => d.Ecn == EcnMarking.Ect0);
        Assert.Contains(FrameSniffer.All(pair), f => f.Type == FrameType.Ack && f.RawType == RawFrameTypes.AckEcn);
        Assert.Equal(QuicKestrel.Protocol.Recovery.EcnValidationState.Capable, pair.Client.Recovery.Ecn.State);
    }

    [Fact]
    public void Poll_transmit_writes_equal_size_datagrams_for_GSO()
    {
        using var pair = new ConnectionPair(new PairOptions { MaxDatagramsPerPoll = 10 });
        pair.Handshake();
        pair.RunFor(200_000);
        pair.Client.StartStream(true, false, null, out QuicStream? stream);
        pair.Client.Write(stream!, StreamApp.Pattern(0, 30_000), false, pair.Now);
        var buffer = new byte[65536];
        Assert.True(pair.Client.PollTransmit(pair.Now, buffer, 10, out Transmit transmit));
        Assert.True(transmit.DatagramCount > 1);
        Assert.Equal(pair.Client.MaxDatagramSize, transmit.SegmentSize);
        Assert.InRange(transmit.Length, (transmit.DatagramCount - 1) * transmit.SegmentSize + 1, transmit.DatagramCount * transmit.SegmentSize);
        for (int i = 0; i < transmit.DatagramCount; i++)
        {
            int length = Math.Min(transmit.SegmentSize, transmit.Length - i * transmit.SegmentSize);
            Assert.True(PacketHeader.TryParse(buffer.AsSpan(i * transmit.SegmentSize, length), 8, out PacketHeader header));
            Assert.Equal(PacketType.OneRtt, header.Type);
        }
    }

    [Fact]
    public void Path_mtu_discovery_raises_the_datagram_size_to_the_maximum()
    {
        using var pair = new ConnectionPair();
        pair.Handshake();
        Assert.Equal(1200, pair.Client.MaxDatagramSize);
        pair.RunFor(500_000);
        Assert.Equal(1472, pair.Client.MaxDatagramSize);
        Assert.Equal(1472, pair.Server!.MaxDatagramSize);
    }

    [Fact]
    public void Path_mtu_discovery_respects_the_peers_max_udp_payload_size()
    {
        using var pair = new ConnectionPair(new PairOptions
        {
            ServerSettings = ConnectionSettings.Default with { MaximumMtu = 1350, PeerBidiStreamCount = 10 },
        });
        pair.Handshake();
        pair.RunFor(500_000);
        Assert.Equal(1322UL, pair.Client.PeerParameters!.MaxUdpPayloadSize);
        Assert.Equal(1322, pair.Client.MaxDatagramSize);
        Assert.All(pair.Sent.Where(d => d.ToServer), d => Assert.True(d.Data.Length <= 1322));
    }

    [Fact]
    public void Lost_mtu_probes_leave_the_size_below_what_the_path_carries()
    {
        using var pair = new ConnectionPair();
        pair.Filter = d => d.Data.Length <= 1400; // the path's MTU
        pair.Handshake();
        pair.RunFor(5_000_000);
        Assert.InRange(pair.Client.MaxDatagramSize, 1200, 1400);
        Assert.Equal(ConnectionState.Established, pair.Client.State);
        Assert.Equal(0, pair.Client.Recovery.Statistics.CongestionEvents); // probe losses are no congestion signal
    }

    [Fact]
    public void Handshake_packets_arriving_before_their_keys_are_buffered_and_replayed()
    {
        // RSA makes the server's flight span datagrams; the first one (with the ServerHello) is held back.
        using var pair = new ConnectionPair(new PairOptions
        {
            Protection = PacketProtectionProvider.Null,
            ServerTlsConfig = TlsPair.ServerConfig(TestCertificates.Rsa2048),
        });
        PairDatagram? held = null;
        pair.Filter = d =>
        {
            if (d.ToServer || held is not null || !FrameSniffer.Parse(false, d.Data).Any(f => f.PacketType == PacketType.Initial && f.Type == FrameType.Crypto))
                return true;
            held = d;
            return false;
        };
        pair.Start();
        pair.RunUntil(() => pair.Sent.Count(d => !d.ToServer) >= 2, 100_000);
        Assert.NotNull(held);
        pair.RunFor(5_000);
        pair.Inject(false, held!.Data);
        Assert.True(pair.RunUntil(() => pair.Client.IsHandshakeComplete, 200_000));
        Assert.Equal(0, pair.Client.Recovery.Statistics.PtoExpirations);
    }

    [Fact]
    public void Zero_rtt_packets_wait_for_a_deferred_resumption_decision()
    {
        TlsServerConfig server = TlsPair.ServerConfig();
        ClientSessionTicket ticket = ResumptionTests.ObtainTicket(server);
        using var pair = new ConnectionPair(new PairOptions
        {
            Protection = PacketProtectionProvider.Null, Ticket = ticket, ServerTlsConfig = server,
            ClockOffsetMicros = 1_000_000, DeferResumptionDecision = true,
        });
        var app = new StreamApp();
        app.Attach(pair, server: true);
        pair.Client.StartStream(true, false, null, out QuicStream? stream);
        byte[] request = StreamApp.Pattern(stream!.Id, 5000); // more than one 0-RTT packet
        pair.Client.Write(stream, request, true, pair.Now);
        pair.Start();
        Assert.True(pair.RunUntil(() => pair.ServerEvents.Any(e => e.Kind == ConnectionEventKind.ResumptionRequested), 100_000));
        pair.RunFor(50_000);
        Assert.DoesNotContain(pair.ServerEvents, e => e.Kind == ConnectionEventKind.PeerStreamStarted);
        pair.Server!.CompleteResumption(accept: true, pair.Now);
        Assert.True(pair.RunUntil(() => app.Finished.Contains(stream.Id), 1_000_000));
        Assert.Equal(request, app.ReceivedBytes(stream.Id));
        Assert.Contains(pair.ServerEvents, e => e.Kind == ConnectionEventKind.PeerStreamStarted && e.Has(ConnectionEventFlags.ZeroRtt));
    }

    [Fact]
    public void Zero_rtt_streams_are_bounded_by_the_remembered_limits()
    {
        TlsServerConfig server = TlsPair.ServerConfig();
        ClientSessionTicket ticket;
        using (var first = new ConnectionPair(new PairOptions
        {
            ServerTlsConfig = server,
            ServerSettings = ConnectionSettings.Default with { PeerBidiStreamCount = 2 },
        }))
        {
            first.Handshake();
            first.Server!.SendResumptionTicket([], first.Now);
            first.RunUntil(() => first.ClientEvents.Any(e => e.Kind == ConnectionEventKind.ResumptionTicketReceived), 1_000_000);
            Assert.True(ClientSessionTicket.TryDeserialize(first.ClientEvents.First(e => e.Kind == ConnectionEventKind.ResumptionTicketReceived).Data.Span, out ticket));
        }
        using var pair = new ConnectionPair(new PairOptions { Ticket = ticket, ServerTlsConfig = server, ClockOffsetMicros = 1_000_000 });
        Assert.Equal(StreamStartResult.Started, pair.Client.StartStream(true, false, null, out _));
        Assert.Equal(StreamStartResult.Started, pair.Client.StartStream(true, false, null, out _));
        Assert.Equal(StreamStartResult.LimitReached, pair.Client.StartStream(true, true, null, out _));
    }

    [Fact]
    public void New_token_reaches_the_client()
    {
        using var pair = new ConnectionPair();
        pair.Handshake();
        Assert.Contains(pair.ServerEndpointEvents, e => e.Kind == EndpointEventKind.HandshakeConfirmed);
        pair.Server!.QueueNewToken([1, 2, 3, 4]);
        Assert.True(pair.RunUntil(() => pair.ClientEvents.Any(e => e.Kind == ConnectionEventKind.NewTokenReceived), 1_000_000));
        Assert.Equal([1, 2, 3, 4], pair.ClientEvents.First(e => e.Kind == ConnectionEventKind.NewTokenReceived).Data.ToArray());
    }

    [Fact]
    public void Packets_with_the_fixed_bit_clear_are_dropped()
    {
        using var pair = new ConnectionPair(new PairOptions { Protection = PacketProtectionProvider.Null });
        pair.Handshake();
        byte[] packet = PacketForger.BuildOneRtt(pair.Server!.LocalIds.Initial.Span, 7000, [0x1e]); // would be a PROTOCOL_VIOLATION
        packet[0] &= 0xbf;
        long dropped = pair.Server.Counters.PacketsDropped;
        pair.Inject(true, packet);
        pair.RunFor(1_000);
        Assert.Equal(ConnectionState.Established, pair.Server.State);
        Assert.True(pair.Server.Counters.PacketsDropped > dropped);
    }

    [Fact]
    public void Statistics_report_rtt_window_and_counts()
    {
        using var pair = new ConnectionPair();
        pair.Handshake();
        ConnectionStatisticsSnapshot stats = pair.Client.GetStatistics();
        Assert.InRange(stats.SmoothedRttMicros, 19_000, 25_000);
        Assert.True(stats.CongestionWindow >= 12_000);
        Assert.True(stats.PacketsSent > 0 && stats.PacketsReceived > 0 && stats.BytesSent > 0);
    }
}
