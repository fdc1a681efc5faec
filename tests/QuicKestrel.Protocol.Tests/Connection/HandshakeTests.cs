using QuicKestrel.Protocol.Connection;
using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Tests.Tls;
using QuicKestrel.Protocol.Recovery;
using QuicKestrel.Protocol.Tls;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Tests.Connection;

public sealed class HandshakeTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void Handshake_completes_for_every_cipher_suite(int suiteFlag)
    {
        var suite = (AllowedCipherSuites)suiteFlag;
        using var pair = new ConnectionPair(new PairOptions { ClientTlsConfig = TlsPair.ClientConfig(b => b.Suites = suite) });
        pair.Handshake();
        Assert.Equal(ConnectionState.Established, pair.Client.State);
        Assert.Equal(ConnectionState.Established, pair.Server!.State);
        Assert.Equal(TlsConstants.FlagOf(pair.Client.Tls.NegotiatedCipherSuite), suite);
        Assert.Contains(pair.ClientEvents, e => e.Kind == ConnectionEventKind.Connected);
        Assert.Contains(pair.ServerEvents, e => e.Kind == ConnectionEventKind.Connected);
    }

    [Fact]
    public void Handshake_with_null_protection_completes()
    {
        using var pair = new ConnectionPair(new PairOptions { Protection = PacketProtectionProvider.Null });
        pair.Handshake();
        Assert.True(pair.Server!.IsHandshakeConfirmed);
    }
}

public sealed class HandshakeRuleTests
{
    private static bool HasPacket(PairDatagram datagram, PacketType type) =>
        FrameSniffer.Parse(datagram.ToServer, datagram.Data).Any(f => f.PacketType == type);

    [Fact]
    public void Client_initial_datagrams_are_padded_to_at_least_1200_bytes()
    {
        using var pair = new ConnectionPair(new PairOptions { Protection = PacketProtectionProvider.Null });
        pair.Handshake();
        var initials = pair.Sent.Where(d => d.ToServer && HasPacket(d, PacketType.Initial)).ToList();
        Assert.NotEmpty(initials);
        Assert.All(initials, d => Assert.True(d.Data.Length >= 1200, $"client Initial datagram of {d.Data.Length} bytes"));
    }

    [Fact]
    public void Server_datagrams_with_ack_eliciting_initials_are_padded_to_1200_bytes()
    {
        using var pair = new ConnectionPair(new PairOptions { Protection = PacketProtectionProvider.Null });
        pair.Handshake();
        var serverInitials = pair.Sent.Where(d => !d.ToServer && FrameSniffer.Parse(false, d.Data)
            .Any(f => f.PacketType == PacketType.Initial && f.Type is not (FrameType.Ack or FrameType.Padding))).ToList();
        Assert.NotEmpty(serverInitials);
        Assert.All(serverInitials, d => Assert.True(d.Data.Length >= 1200));
    }

    [Fact]
    public void Keys_are_discarded_when_RFC_9001_section_4_9_says()
    {
        using var pair = new ConnectionPair(new PairOptions { Protection = PacketProtectionProvider.Null });
        var checks = new List<string>();
        pair.Filter = d =>
        {
            // The client drops its Initial keys as soon as it has sent a Handshake packet ...
            if (d.ToServer && HasPacket(d, PacketType.Handshake) && !checks.Contains("client-initial"))
            {
                Assert.True(pair.Client.IsSpaceDiscarded(PacketNumberSpace.Initial));
                Assert.False(pair.Server!.IsSpaceDiscarded(PacketNumberSpace.Initial));
                checks.Add("client-initial");
            }
            // ... the server once it has processed one, and its Handshake keys at completion, when it sends HANDSHAKE_DONE.
            if (!d.ToServer && FrameSniffer.Parse(false, d.Data).Any(f => f.Type == FrameType.HandshakeDone) && !checks.Contains("server"))
            {
                Assert.True(pair.Server!.IsSpaceDiscarded(PacketNumberSpace.Initial));
                Assert.True(pair.Server.IsSpaceDiscarded(PacketNumberSpace.Handshake));
                Assert.False(pair.Client.IsSpaceDiscarded(PacketNumberSpace.Handshake));
                checks.Add("server");
            }
            return true;
        };
        pair.Handshake();
        Assert.Equal(["client-initial", "server"], checks);
        // The client drops Handshake keys on HANDSHAKE_DONE (handshake confirmation).
        Assert.True(pair.Client.IsSpaceDiscarded(PacketNumberSpace.Handshake));
    }

    [Fact]
    public void Client_is_confirmed_only_by_HANDSHAKE_DONE_and_a_lost_one_is_resent()
    {
        using var pair = new ConnectionPair(new PairOptions { Protection = PacketProtectionProvider.Null });
        int handshakeDones = 0;
        pair.Filter = d =>
        {
            if (!d.ToServer && FrameSniffer.Parse(false, d.Data).Any(f => f.Type == FrameType.HandshakeDone))
                return ++handshakeDones > 1; // the first one is lost
            return true;
        };
        pair.Start();
        Assert.True(pair.RunUntil(() => pair.Client.IsHandshakeComplete && handshakeDones == 1, 2_000_000));
        Assert.False(pair.Client.IsHandshakeConfirmed);
        Assert.True(pair.RunUntil(() => pair.Client.IsHandshakeConfirmed, 5_000_000));
        Assert.True(handshakeDones >= 2);
    }

    [Fact]
    public void Lost_server_flight_is_retransmitted_by_PTO()
    {
        using var pair = new ConnectionPair(new PairOptions { Protection = PacketProtectionProvider.Null });
        int serverDatagrams = 0;
        pair.Filter = d => d.ToServer || ++serverDatagrams > 1;
        pair.Handshake();
        Assert.True(pair.Server!.Recovery.Statistics.PtoExpirations + pair.Client.Recovery.Statistics.PtoExpirations > 0);
        var crypto = FrameSniffer.All(pair).Where(f => !f.ToServer && f.Type == FrameType.Crypto && f.PacketType == PacketType.Initial).ToList();
        Assert.True(crypto.Count(f => f.Value0 == 0) >= 2, "the server's Initial CRYPTO data went twice");
    }

    [Fact]
    public void Lost_client_initial_is_retransmitted()
    {
        using var pair = new ConnectionPair(new PairOptions { Protection = PacketProtectionProvider.Null });
        int clientDatagrams = 0;
        pair.Filter = d => !d.ToServer || ++clientDatagrams > 1;
        pair.Handshake();
        Assert.True(pair.Client.Recovery.Statistics.PtoExpirations >= 1);
    }

    [Fact]
    public void Server_never_sends_more_than_three_times_what_it_received_before_validation()
    {
        // A large certificate chain and a client whose packets after the first are all lost: the
        // server is limited to 3x the client's first datagram (RFC 9000 §8.1).
        var server = TlsPair.ServerConfig(TestCertificates.Rsa2048);
        using var pair = new ConnectionPair(new PairOptions { Protection = PacketProtectionProvider.Null, ServerTlsConfig = server });
        int clientDatagrams = 0;
        pair.Filter = d => !d.ToServer || ++clientDatagrams == 1;
        pair.Start();
        pair.RunFor(3_000_000);
        Assert.True(pair.ServerBytesSent > 0);
        Assert.True(pair.ServerBytesSent <= 3 * pair.ServerBytesReceived, $"{pair.ServerBytesSent} > 3 x {pair.ServerBytesReceived}");
        Assert.True(pair.WorstAmplificationExcess <= 0);
        Assert.True(pair.Server!.Counters.AmplificationBlockedCount > 0);
    }

    [Fact]
    public void Client_anti_deadlock_probe_unblocks_an_amplification_limited_server()
    {
        // The server's Handshake flight is lost while its Initial (ServerHello, ACK) arrives: the
        // client has nothing in flight and the server may not send more. The client's PTO must
        // still fire (RFC 9002 §6.2.2.1) and its probe buys the server more credit.
        var server = TlsPair.ServerConfig(TestCertificates.Rsa2048);
        using var pair = new ConnectionPair(new PairOptions { Protection = PacketProtectionProvider.Null, ServerTlsConfig = server });
        int dropped = 0;
        pair.Filter = d => d.ToServer || !HasPacket(d, PacketType.Handshake) || ++dropped > 3;
        pair.Handshake(10_000_000);
        Assert.Equal(3, Math.Min(dropped, 3));
        Assert.True(pair.Client.Recovery.Statistics.PtoExpirations > 0);
        Assert.True(pair.WorstAmplificationExcess <= 0);
    }

    [Fact]
    public void Amplification_limit_counts_padding_and_lifts_with_more_client_bytes()
    {
        var server = TlsPair.ServerConfig(TestCertificates.Rsa2048);
        using var pair = new ConnectionPair(new PairOptions { ServerTlsConfig = server });
        pair.Handshake();
        Assert.True(pair.WorstAmplificationExcess <= 0);
    }
}
