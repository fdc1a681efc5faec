using QuicKestrel.Protocol.Connection;
using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Streams;
using QuicKestrel.Protocol.Tests.Tls;
using QuicKestrel.Protocol.Tls;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Tests.Connection;

public sealed class ResumptionTests
{
    /// <summary>Runs a first connection and returns the ticket the client received (through its serialized blob, as MsQuic hands it out).</summary>
    internal static ClientSessionTicket ObtainTicket(TlsServerConfig serverConfig, byte[]? appData = null)
    {
        using var pair = new ConnectionPair(new PairOptions { ServerTlsConfig = serverConfig });
        pair.Handshake();
        Assert.True(pair.Server!.SendResumptionTicket(appData ?? [1, 2, 3], pair.Now));
        Assert.True(pair.RunUntil(() => pair.ClientEvents.Any(e => e.Kind == ConnectionEventKind.ResumptionTicketReceived), 1_000_000));
        ConnectionEvent ticketEvent = pair.ClientEvents.First(e => e.Kind == ConnectionEventKind.ResumptionTicketReceived);
        Assert.True(ClientSessionTicket.TryDeserialize(ticketEvent.Data.Span, out ClientSessionTicket ticket));
        return ticket;
    }

    private static PairOptions Resuming(ClientSessionTicket ticket, TlsServerConfig server) => new()
    {
        Protection = PacketProtectionProvider.Null,
        Ticket = ticket,
        ServerTlsConfig = server,
        ClockOffsetMicros = 1_000_000,
    };

    [Fact]
    public void Resumed_handshake_carries_no_certificate_and_reports_resumption()
    {
        TlsServerConfig server = TlsPair.ServerConfig();
        ClientSessionTicket ticket = ObtainTicket(server, [9, 8, 7]);
        using var pair = new ConnectionPair(Resuming(ticket, server));
        byte[]? appData = null;
        pair.OnEvent = (isServer, connection, e) =>
        {
            if (isServer && e.Kind == ConnectionEventKind.ResumptionRequested)
                appData = ((TlsServer)connection.Tls).TicketAppData.ToArray();
        };
        pair.Handshake();
        Assert.True(pair.ClientEvents.First(e => e.Kind == ConnectionEventKind.Connected).Has(ConnectionEventFlags.SessionResumed));
        Assert.True(pair.Server!.Tls.IsResumed);
        Assert.Equal([9, 8, 7], appData);
        // No Certificate: the server's Handshake-level CRYPTO data is tiny (EncryptedExtensions + Finished).
        long serverHandshakeCrypto = FrameSniffer.All(pair).Where(f => !f.ToServer && f.Type == FrameType.Crypto && f.PacketType == PacketType.Handshake).Sum(f => f.DataLength);
        Assert.InRange(serverHandshakeCrypto, 1, 200);
    }

    [Fact]
    public void Zero_rtt_data_rides_in_the_first_flight_and_is_accepted()
    {
        TlsServerConfig server = TlsPair.ServerConfig();
        ClientSessionTicket ticket = ObtainTicket(server);
        using var pair = new ConnectionPair(Resuming(ticket, server));
        var app = new StreamApp();
        app.Attach(pair, server: true);
        // Streams opened and written before Start (MsQuic: before ConnectionStart) go out in 0-RTT.
        Assert.Equal(StreamStartResult.Started, pair.Client.StartStream(true, false, null, out QuicStream? stream));
        byte[] request = StreamApp.Pattern(stream!.Id, 3000);
        pair.Client.Write(stream, request, fin: true, pair.Now);
        pair.Handshake();
        Assert.True(pair.RunUntil(() => app.Finished.Contains(stream.Id), 1_000_000));
        Assert.Equal(request, app.ReceivedBytes(stream.Id));
        List<SniffedFrame> firstFlight = FrameSniffer.Parse(true, pair.Sent[0].Data);
        Assert.Contains(firstFlight, f => f.PacketType == PacketType.ZeroRtt && f.Type == FrameType.Stream);
        Assert.Contains(pair.ServerEvents, e => e.Kind == ConnectionEventKind.PeerStreamStarted && e.Has(ConnectionEventFlags.ZeroRtt));
        Assert.False(pair.Client.ZeroRttRejected);
        Assert.True(pair.Client.Counters.ZeroRttAccepted);
        // Everything arrived in 0-RTT: no STREAM data went again in 1-RTT.
        Assert.DoesNotContain(FrameSniffer.All(pair), f => f.ToServer && f.PacketType == PacketType.OneRtt && f.Type == FrameType.Stream);
    }

    [Fact]
    public void Rejected_zero_rtt_data_is_sent_again_in_one_rtt()
    {
        TlsServerConfig first = TlsPair.ServerConfig();
        ClientSessionTicket ticket = ObtainTicket(first);
        TlsServerConfig noEarlyData = TlsPair.ServerConfig(change: b => b.AllowEarlyData = false);
        using var pair = new ConnectionPair(Resuming(ticket, noEarlyData));
        var app = new StreamApp();
        app.Attach(pair, server: true);
        pair.Client.StartStream(true, false, null, out QuicStream? stream);
        byte[] request = StreamApp.Pattern(stream!.Id, 5000);
        pair.Client.Write(stream, request, fin: true, pair.Now);
        pair.Handshake();
        Assert.True(pair.RunUntil(() => app.Finished.Contains(stream.Id), 2_000_000));
        Assert.Equal(request, app.ReceivedBytes(stream.Id));
        Assert.True(pair.Client.ZeroRttRejected);
        List<SniffedFrame> frames = FrameSniffer.All(pair);
        Assert.Contains(frames, f => f.ToServer && f.PacketType == PacketType.ZeroRtt && f.Type == FrameType.Stream);
        Assert.Contains(frames, f => f.ToServer && f.PacketType == PacketType.OneRtt && f.Type == FrameType.Stream && f.Value1 == 0);
        Assert.DoesNotContain(pair.ServerEvents, e => e.Has(ConnectionEventFlags.ZeroRtt));
    }

    [Fact]
    public void Deferred_resumption_decision_waits_for_the_application()
    {
        TlsServerConfig server = TlsPair.ServerConfig();
        ClientSessionTicket ticket = ObtainTicket(server);
        using var pair = new ConnectionPair(Resuming(ticket, server) with { DeferResumptionDecision = true });
        pair.Start();
        Assert.True(pair.RunUntil(() => pair.ServerEvents.Any(e => e.Kind == ConnectionEventKind.ResumptionRequested), 1_000_000));
        pair.RunFor(100_000);
        Assert.False(pair.Client.IsHandshakeComplete);
        pair.Server!.CompleteResumption(accept: false, pair.Now);
        Assert.True(pair.RunUntil(() => pair.Client.IsHandshakeConfirmed, 2_000_000));
        Assert.False(pair.Server.Tls.IsResumed);
    }
}
