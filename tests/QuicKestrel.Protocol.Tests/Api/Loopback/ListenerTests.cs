using System.Net;
using System.Net.Sockets;
using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Protocol.Tests.Api.Loopback;

/// <summary>Listeners and their bindings, with MsQuic's rules for sharing a port.</summary>
public class ListenerTests
{
    private static readonly QuicListenerCallback Ignore = (QuicHandle _, object? _, ref QuicListenerEvent _) => QuicStatus.Success;

    [Fact]
    public void A_listener_on_port_0_reports_the_port_it_got()
    {
        using Loopback loopback = Loopback.Create(listen: false);
        Assert.Equal(QuicStatus.Success, loopback.Api.ListenerOpen(loopback.Registration, Ignore, null, out QuicHandle? listener));
        Assert.Equal(QuicStatus.InvalidState, loopback.Api.GetParam(listener, QuicParam.ListenerLocalAddress, out QuicAddress _));
        Assert.Equal(QuicStatus.Success, loopback.Api.ListenerStart(listener, [Loopback.Alpn], new IPEndPoint(IPAddress.Loopback, 0)));
        Assert.Equal(QuicStatus.Success, loopback.Api.GetParam(listener, QuicParam.ListenerLocalAddress, out QuicAddress local));
        Assert.NotEqual(0, local.Port);
        Assert.Equal(IPAddress.Loopback, local.ToIPAddress());
        // The port is really bound: another socket cannot take it.
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        Assert.Throws<SocketException>(() => probe.Bind(new IPEndPoint(IPAddress.Loopback, local.Port)));
        Assert.Equal(QuicStatus.InvalidState, loopback.Api.ListenerStart(listener, [Loopback.Alpn], null));
        loopback.Api.ListenerClose(listener);
    }

    [Fact]
    public void A_second_listener_on_the_same_address_and_ALPN_gets_ALPN_IN_USE_another_ALPN_shares_the_port()
    {
        using Loopback loopback = Loopback.Create();
        var address = new IPEndPoint(IPAddress.Loopback, loopback.Port);
        loopback.Api.ListenerOpen(loopback.Registration, Ignore, null, out QuicHandle? same);
        Assert.Equal(QuicStatus.AlpnInUse, loopback.Api.ListenerStart(same, [Loopback.Alpn], address));
        Assert.Equal(QuicStatus.AlpnInUse, loopback.Api.ListenerStart(same, ["x"u8.ToArray(), Loopback.Alpn], address));

        var secondConnections = new EventLog<QuicHandle>();
        loopback.Api.ListenerOpen(loopback.Registration, (QuicHandle _, object? _, ref QuicListenerEvent e) =>
        {
            secondConnections.Add(e.NewConnection.Connection);
            return QuicStatus.ConnectionRefused;
        }, null, out QuicHandle? other);
        Assert.Equal(QuicStatus.Success, loopback.Api.ListenerStart(other, ["other"u8.ToArray()], address));
        Assert.Equal(QuicStatus.Success, loopback.Api.GetParam(other, QuicParam.ListenerLocalAddress, out QuicAddress local));
        Assert.Equal(loopback.Port, local.Port);

        // Each listener gets the connections for its own ALPN.
        loopback.Connect();
        Assert.Equal(QuicStatus.Success, loopback.Api.ConfigurationOpen(loopback.Registration, ["other"u8.ToArray()], default, null, out QuicHandle? otherClient));
        loopback.Api.ConfigurationLoadCredential(otherClient, new QuicCredentialConfig { Flags = QuicCredentialFlags.Client | QuicCredentialFlags.NoCertificateValidation });
        ConnectionPeer client = loopback.OpenClient();
        loopback.StartClient(client, configuration: otherClient);
        secondConnections.WaitFor(_ => true, "a connection on the second listener");
        client.WaitFor(QuicConnectionEventType.ShutdownComplete);
        Assert.Single(loopback.ServerConnections.Snapshot());

        loopback.Api.ListenerClose(same);
        loopback.Api.ListenerClose(other);
        loopback.Api.ConfigurationClose(otherClient);
    }

    [Fact]
    public void A_port_held_by_another_socket_gives_ADDRESS_IN_USE()
    {
        using Loopback loopback = Loopback.Create(listen: false);
        using var holder = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        holder.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        int port = ((IPEndPoint)holder.LocalEndPoint!).Port;
        loopback.Api.ListenerOpen(loopback.Registration, Ignore, null, out QuicHandle? listener);
        Assert.Equal(QuicStatus.AddressInUse, loopback.Api.ListenerStart(listener, [Loopback.Alpn], new IPEndPoint(IPAddress.Loopback, port)));
        Assert.Equal(QuicStatus.AddressInUse, loopback.Api.ListenerStart(listener, [Loopback.Alpn], new IPEndPoint(IPAddress.Any, port)));
        loopback.Api.ListenerClose(listener);
    }

    [Fact]
    public void A_client_binding_to_a_listeners_port_gets_ADDRESS_IN_USE_since_it_cannot_share_it()
    {
        using Loopback loopback = Loopback.Create();
        ConnectionPeer client = loopback.OpenClient();
        Assert.Equal(QuicStatus.Success, loopback.Api.SetParam(client.Handle, QuicParam.ConnLocalAddress,
            new QuicAddress(IPAddress.Loopback, loopback.Port)));
        loopback.StartClient(client);
        QuicConnectionEvent failed = client.WaitFor(QuicConnectionEventType.ShutdownInitiatedByTransport);
        Assert.Equal(QuicStatus.AddressInUse, failed.ShutdownInitiatedByTransport.Status);
        client.WaitFor(QuicConnectionEventType.ShutdownComplete);
    }

    [Fact]
    public void A_client_can_bind_a_chosen_local_address()
    {
        using Loopback loopback = Loopback.Create();
        ConnectionPeer client = loopback.OpenClient();
        var local = new QuicAddress(IPAddress.Loopback, 0);
        Assert.Equal(QuicStatus.Success, loopback.Api.SetParam(client.Handle, QuicParam.ConnLocalAddress, local));
        loopback.StartClient(client);
        client.WaitFor(QuicConnectionEventType.Connected);
        Assert.Equal(QuicStatus.Success, loopback.Api.GetParam(client.Handle, QuicParam.ConnLocalAddress, out QuicAddress bound));
        Assert.Equal(IPAddress.Loopback, bound.ToIPAddress());
        Assert.NotEqual(0, bound.Port);
    }

    [Fact]
    public void ListenerStop_ends_with_STOP_COMPLETE_and_no_NEW_CONNECTION_after_it()
    {
        using Loopback loopback = Loopback.Create();
        loopback.Connect();
        loopback.Api.ListenerStop(loopback.Listener);
        QuicListenerEvent stopped = loopback.ListenerEvents.WaitFor(e => e.Type == QuicListenerEventType.StopComplete, "STOP_COMPLETE");
        Assert.False(stopped.StopComplete.AppCloseInProgress);

        ConnectionPeer late = loopback.OpenClient();
        QuicSettings quick = new() { HandshakeIdleTimeoutMs = 500 };
        Assert.Equal(QuicStatus.Success, loopback.Api.SetParam(late.Handle, QuicParam.ConnSettings, quick));
        loopback.StartClient(late);
        late.WaitFor(QuicConnectionEventType.ShutdownComplete);
        Assert.False(late.Has(QuicConnectionEventType.Connected));
        Assert.Single(loopback.ListenerEvents.Snapshot(), e => e.Type == QuicListenerEventType.NewConnection);

        // A stopped listener starts again, on a new port.
        Assert.Equal(QuicStatus.Success, loopback.Api.ListenerStart(loopback.Listener, [Loopback.Alpn], new IPEndPoint(IPAddress.Loopback, 0)));
    }

    [Fact]
    public void ListenerClose_waits_for_STOP_COMPLETE_which_says_the_app_is_closing()
    {
        using Loopback loopback = Loopback.Create(listen: false);
        var events = new EventLog<QuicListenerEvent>();
        loopback.Api.ListenerOpen(loopback.Registration, (QuicHandle _, object? _, ref QuicListenerEvent e) =>
        {
            events.Add(e);
            return QuicStatus.Success;
        }, null, out QuicHandle? listener);
        loopback.Api.ListenerStart(listener, [Loopback.Alpn], null);
        loopback.Api.ListenerClose(listener);
        QuicListenerEvent stopped = Assert.Single(events.Snapshot());
        Assert.Equal(QuicListenerEventType.StopComplete, stopped.Type);
        Assert.True(stopped.StopComplete.AppCloseInProgress);
    }

    [Fact]
    public void Clients_that_share_their_UDP_binding_use_one_socket_and_each_keeps_working()
    {
        using Loopback loopback = Loopback.Create();
        loopback.ConfigureServerConnection = server => server.ConfigurePeerStream = s => s.Echo = true;
        var clients = new List<ConnectionPeer>();
        for (int i = 0; i < 3; i++)
        {
            ConnectionPeer client = loopback.OpenClient();
            Assert.Equal(QuicStatus.Success, loopback.Api.SetParam(client.Handle, QuicParam.ConnShareUdpBinding, (byte)1));
            loopback.StartClient(client);
            client.WaitFor(QuicConnectionEventType.Connected);
            clients.Add(client);
        }
        ushort Port(ConnectionPeer c)
        {
            Assert.Equal(QuicStatus.Success, loopback.Api.GetParam(c.Handle, QuicParam.ConnLocalAddress, out QuicAddress local));
            return local.Port;
        }
        Assert.Single(clients.Select(Port).Distinct());
        Assert.Equal(QuicStatus.InvalidState, loopback.Api.SetParam(clients[0].Handle, QuicParam.ConnShareUdpBinding, (byte)0));

        loopback.Api.ConnectionClose(clients[0].Handle);
        foreach (ConnectionPeer client in clients.Skip(1))
        {
            StreamPeer stream = loopback.OpenStream(client);
            loopback.Api.StreamStart(stream.Handle, QuicStreamStartFlags.None);
            loopback.Api.StreamSend(stream.Handle, new QuicBuffer[] { "still here"u8.ToArray() }, QuicSendFlags.Fin, null);
            stream.WaitFor(QuicStreamEventType.ShutdownComplete);
            Assert.Equal("still here"u8.ToArray(), stream.Received);
        }
    }
}
