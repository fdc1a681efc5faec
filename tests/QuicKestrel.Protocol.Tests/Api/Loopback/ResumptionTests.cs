using QuicKestrel.Protocol.Api;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Tests.Api.Loopback;

/// <summary>Resumption tickets and 0-RTT through the API: the ticket flow, RESUMED, SessionResumed, early data.</summary>
public class ResumptionTests
{
    private static readonly byte[] AppState = "server state"u8.ToArray();

    private static Loopback CreateServer(QuicServerResumptionLevel level)
    {
        QuicSettings settings = Loopback.ServerDefaults();
        settings.ServerResumptionLevel = level;
        Loopback loopback = Loopback.Create(serverSettings: settings);
        loopback.ConfigureServerConnection = server =>
        {
            server.ConfigurePeerStream = s => s.Echo = true;
            server.React = (QuicHandle connection, ref QuicConnectionEvent e) =>
            {
                if (e.Type == QuicConnectionEventType.Connected)
                    Assert.Equal(QuicStatus.Success, loopback.Api.ConnectionSendResumptionTicket(connection, QuicSendResumptionFlags.Final, AppState));
                return QuicStatus.Success;
            };
        };
        return loopback;
    }

    /// <summary>A first connection that gets a ticket (RESUMPTION_TICKET_RECEIVED), then closes.</summary>
    private static byte[] ObtainTicket(Loopback loopback)
    {
        (ConnectionPeer client, ConnectionPeer server) = loopback.Connect();
        QuicConnectionEvent ticket = client.WaitFor(QuicConnectionEventType.ResumptionTicketReceived);
        Assert.False(ticket.ResumptionTicketReceived.ResumptionTicket.IsEmpty);
        Assert.False(client.Events.Snapshot().First(e => e.Type == QuicConnectionEventType.Connected).Connected.SessionResumed);
        loopback.Api.ConnectionShutdown(client.Handle, QuicConnectionShutdownFlags.None, 0);
        client.WaitFor(QuicConnectionEventType.ShutdownComplete);
        server.WaitFor(QuicConnectionEventType.ShutdownComplete);
        return client.ResumptionTicket!;
    }

    [Fact]
    public void A_ticket_resumes_the_next_connection_RESUMED_on_the_server_SessionResumed_on_the_client()
    {
        using Loopback loopback = CreateServer(QuicServerResumptionLevel.ResumeOnly);
        byte[] ticket = ObtainTicket(loopback);

        ConnectionPeer client = loopback.OpenClient();
        Assert.Equal(QuicStatus.Success, loopback.Api.SetParam(client.Handle, QuicParam.ConnResumptionTicket, ticket));
        loopback.StartClient(client);
        Assert.True(client.WaitFor(QuicConnectionEventType.Connected).Connected.SessionResumed);
        ConnectionPeer server = loopback.ServerConnections.Snapshot()[^1];
        QuicConnectionEvent resumed = server.WaitFor(QuicConnectionEventType.Resumed);
        Assert.Equal(AppState, resumed.Resumed.ResumptionState.ToArray());
        Assert.Equal(QuicStatus.Success, loopback.Api.GetParam(client.Handle, QuicParam.ConnStatisticsV2, out QuicStatisticsV2 statistics));
        Assert.True(statistics.ResumptionAttempted);
        Assert.True(statistics.ResumptionSucceeded);
        Assert.Equal(QuicStatus.InvalidState, loopback.Api.SetParam(client.Handle, QuicParam.ConnResumptionTicket, ticket));
    }

    [Fact]
    public void RESUME_AND_ZERORTT_takes_the_data_queued_before_ConnectionStart_in_0_RTT_packets_of_the_first_flight()
    {
        using Loopback loopback = CreateServer(QuicServerResumptionLevel.ResumeAndZeroRtt);
        byte[] ticket = ObtainTicket(loopback);
        using var relay = new UdpRelay(loopback.Port);

        ConnectionPeer client = loopback.OpenClient();
        Assert.Equal(QuicStatus.Success, loopback.Api.SetParam(client.Handle, QuicParam.ConnResumptionTicket, ticket));
        StreamPeer stream = loopback.OpenStream(client, QuicStreamOpenFlags.ZeroRtt);
        loopback.Api.StreamStart(stream.Handle, QuicStreamStartFlags.None);
        byte[] early = "early data, before the handshake"u8.ToArray();
        loopback.Api.StreamSend(stream.Handle, new QuicBuffer[] { early }, QuicSendFlags.AllowZeroRtt | QuicSendFlags.Fin, null);
        loopback.StartClient(client, port: relay.Port);

        Assert.True(client.WaitFor(QuicConnectionEventType.Connected).Connected.SessionResumed);
        stream.WaitFor(QuicStreamEventType.ShutdownComplete);
        Assert.Equal(early, stream.Received);

        // On the wire: the client's first flight carries a 0-RTT packet next to its Initial.
        byte[][] firstFlight = relay.ClientFirstFlight;
        Assert.NotEmpty(firstFlight);
        Assert.Contains(firstFlight, d => UdpRelay.PacketTypes(d).Contains(PacketType.ZeroRtt));
        Assert.Equal(PacketType.Initial, UdpRelay.PacketTypes(firstFlight[0])[0]);

        ConnectionPeer server = loopback.ServerConnections.Snapshot()[^1];
        StreamPeer received = server.PeerStreams.WaitFor(_ => true, "the 0-RTT stream");
        Assert.True(received.OpenFlags.HasFlag(QuicStreamOpenFlags.ZeroRtt));
        Assert.Contains(received.Events.Snapshot(), e => e.Type == QuicStreamEventType.Receive && e.Receive.Flags.HasFlag(QuicReceiveFlags.ZeroRtt));
        Assert.Equal(QuicStatus.Success, loopback.Api.GetParam(stream.Handle, QuicParam.StreamZeroRttLength, out ulong zeroRttLength));
        Assert.Equal((ulong)early.Length, zeroRttLength);
    }

    [Fact]
    public void Without_0_RTT_on_the_server_the_early_data_still_arrives_after_the_handshake()
    {
        using Loopback loopback = CreateServer(QuicServerResumptionLevel.ResumeOnly);
        byte[] ticket = ObtainTicket(loopback);
        ConnectionPeer client = loopback.OpenClient();
        loopback.Api.SetParam(client.Handle, QuicParam.ConnResumptionTicket, ticket);
        StreamPeer stream = loopback.OpenStream(client, QuicStreamOpenFlags.ZeroRtt);
        loopback.Api.StreamStart(stream.Handle, QuicStreamStartFlags.None);
        loopback.Api.StreamSend(stream.Handle, new QuicBuffer[] { "late"u8.ToArray() }, QuicSendFlags.AllowZeroRtt | QuicSendFlags.Fin, null);
        loopback.StartClient(client);
        stream.WaitFor(QuicStreamEventType.ShutdownComplete);
        Assert.Equal("late"u8.ToArray(), stream.Received);
        ConnectionPeer server = loopback.ServerConnections.Snapshot()[^1];
        StreamPeer received = server.PeerStreams.WaitFor(_ => true, "the stream");
        Assert.DoesNotContain(received.Events.Snapshot(), e => e.Type == QuicStreamEventType.Receive && e.Receive.Flags.HasFlag(QuicReceiveFlags.ZeroRtt));
    }

    [Fact]
    public void The_server_can_refuse_a_resumption_in_RESUMED_and_the_handshake_completes_in_full()
    {
        using Loopback loopback = CreateServer(QuicServerResumptionLevel.ResumeOnly);
        byte[] ticket = ObtainTicket(loopback);
        loopback.ConfigureServerConnection = server => server.React = (QuicHandle _, ref QuicConnectionEvent e) =>
            e.Type == QuicConnectionEventType.Resumed ? QuicStatus.ConnectionRefused : QuicStatus.Success;
        ConnectionPeer client = loopback.OpenClient();
        loopback.Api.SetParam(client.Handle, QuicParam.ConnResumptionTicket, ticket);
        loopback.StartClient(client);
        Assert.False(client.WaitFor(QuicConnectionEventType.Connected).Connected.SessionResumed);
    }

    [Fact]
    public void RESUMED_answered_PENDING_waits_for_ConnectionResumptionTicketValidationComplete()
    {
        using Loopback loopback = CreateServer(QuicServerResumptionLevel.ResumeOnly);
        byte[] ticket = ObtainTicket(loopback);
        loopback.ConfigureServerConnection = server => server.React = (QuicHandle _, ref QuicConnectionEvent e) =>
            e.Type == QuicConnectionEventType.Resumed ? QuicStatus.Pending : QuicStatus.Success;
        int before = loopback.ServerConnections.Count;
        ConnectionPeer client = loopback.OpenClient();
        loopback.Api.SetParam(client.Handle, QuicParam.ConnResumptionTicket, ticket);
        loopback.StartClient(client);
        ConnectionPeer server = loopback.ServerConnections.WaitFor(s => loopback.ServerConnections.Snapshot().Length > before && s == loopback.ServerConnections.Snapshot()[^1], "the server connection");
        server.WaitFor(QuicConnectionEventType.Resumed);
        Assert.True(client.Events.StaysWithout(e => e.Type == QuicConnectionEventType.Connected, TimeSpan.FromMilliseconds(300)));
        Assert.Equal(QuicStatus.Pending, loopback.Api.ConnectionResumptionTicketValidationComplete(server.Handle, true));
        Assert.True(client.WaitFor(QuicConnectionEventType.Connected).Connected.SessionResumed);
        Assert.Equal(QuicStatus.InvalidState, loopback.Api.ConnectionResumptionTicketValidationComplete(server.Handle, true));
    }

    [Fact]
    public void Resumption_tickets_need_resumption_enabled_and_a_completed_handshake()
    {
        using Loopback loopback = Loopback.Create();
        (ConnectionPeer client, ConnectionPeer server) = loopback.Connect();
        Assert.Equal(QuicStatus.InvalidState, loopback.Api.ConnectionSendResumptionTicket(server.Handle, QuicSendResumptionFlags.None, []));
        Assert.Equal(QuicStatus.InvalidParameter, loopback.Api.ConnectionSendResumptionTicket(client.Handle, QuicSendResumptionFlags.None, []));
        ConnectionPeer fresh = loopback.OpenClient();
        Assert.Equal(QuicStatus.InvalidParameter, loopback.Api.SetParam(fresh.Handle, QuicParam.ConnResumptionTicket, new byte[] { 1, 2, 3 }));
    }
}
