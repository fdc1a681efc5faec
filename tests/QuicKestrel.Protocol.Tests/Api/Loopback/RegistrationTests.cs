using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Protocol.Tests.Api.Loopback;

/// <summary>Registrations own their children: close waits for them, shutdown reaches every connection.</summary>
public class RegistrationTests
{
    [Fact]
    public void RegistrationClose_waits_until_every_child_is_closed()
    {
        Assert.Equal(QuicStatus.Success, MsQuicLibrary.MsQuicOpen2(out QuicApiTable api));
        api.RegistrationOpen(null, out QuicHandle? registration);
        api.ConfigurationOpen(registration, [Loopback.Alpn], default, null, out QuicHandle? configuration);
        var peer = new ConnectionPeer(api);
        api.ConnectionOpen(registration, peer.Callback, peer, out QuicHandle? connection);

        var closing = new Thread(() => api.RegistrationClose(registration)) { IsBackground = true };
        closing.Start();
        Assert.False(closing.Join(300), "RegistrationClose returned while children were open");
        api.ConnectionClose(connection);
        Assert.False(closing.Join(300), "RegistrationClose returned while the configuration was open");
        api.ConfigurationClose(configuration);
        Assert.True(closing.Join(EventLog<int>.DefaultTimeout), "RegistrationClose did not return once its children were closed");
        Assert.Equal(QuicStatus.InvalidParameter, api.ConnectionOpen(registration, peer.Callback, null, out _));
        MsQuicLibrary.MsQuicClose(api);
    }

    [Fact]
    public void RegistrationClose_inside_a_callback_is_refused_instead_of_deadlocking()
    {
        using Loopback loopback = Loopback.Create();
        bool returned = false;
        ConnectionPeer client = loopback.OpenClient();
        client.React = (QuicHandle _, ref QuicConnectionEvent e) =>
        {
            if (e.Type == QuicConnectionEventType.Connected)
            {
                loopback.Api.RegistrationClose(loopback.Registration);
                returned = true;
            }
            return QuicStatus.Success;
        };
        loopback.StartClient(client);
        client.WaitFor(QuicConnectionEventType.Connected);
        Assert.True(returned);
        Assert.False(loopback.Registration.IsClosed);
    }

    [Fact]
    public void RegistrationShutdown_shuts_every_connection_down_and_refuses_new_ones()
    {
        using Loopback loopback = Loopback.Create();
        (ConnectionPeer first, ConnectionPeer firstServer) = loopback.Connect();
        (ConnectionPeer second, _) = loopback.Connect();
        loopback.Api.RegistrationShutdown(loopback.Registration, QuicConnectionShutdownFlags.None, 77);
        first.WaitFor(QuicConnectionEventType.ShutdownComplete);
        second.WaitFor(QuicConnectionEventType.ShutdownComplete);
        // The application shut them down: no transport or peer reason reaches the callbacks.
        Assert.False(first.Has(QuicConnectionEventType.ShutdownInitiatedByTransport));
        Assert.False(first.Has(QuicConnectionEventType.ShutdownInitiatedByPeer));
        firstServer.WaitFor(QuicConnectionEventType.ShutdownComplete);
        Assert.Equal(QuicStatus.InvalidState, loopback.Api.ConnectionOpen(loopback.Registration, first.Callback, null, out _));
        loopback.ListenerEvents.WaitFor(e => e.Type == QuicListenerEventType.StopComplete, "the listener stopped");
    }

    [Fact]
    public void A_connection_accepted_by_another_registrations_listener_on_the_same_port_belongs_to_that_registration()
    {
        using Loopback first = Loopback.Create();
        using Loopback second = Loopback.Create(listen: false);
        QuicApiTable api = second.Api;
        byte[] otherAlpn = "second"u8.ToArray();
        api.ConfigurationOpen(second.Registration, [otherAlpn], default, null, out QuicHandle? clientConfiguration);
        api.ConfigurationLoadCredential(clientConfiguration, new QuicCredentialConfig { Flags = QuicCredentialFlags.Client | QuicCredentialFlags.NoCertificateValidation });
        api.ConfigurationOpen(second.Registration, [otherAlpn], Loopback.ServerDefaults(), null, out QuicHandle? serverConfiguration);
        api.ConfigurationLoadCredential(serverConfiguration, new QuicCredentialConfig { Type = QuicCredentialType.CertificateContext, CertificateContext = TestCertificates.SelfSigned });
        var accepted = new EventLog<ConnectionPeer>();
        api.ListenerOpen(second.Registration, (QuicHandle _, object? _, ref QuicListenerEvent e) =>
        {
            if (e.Type != QuicListenerEventType.NewConnection)
                return QuicStatus.Success;
            var peer = new ConnectionPeer(api) { Handle = e.NewConnection.Connection };
            api.SetCallbackHandler(peer.Handle, peer.Callback, peer);
            api.ConnectionSetConfiguration(peer.Handle, serverConfiguration);
            second.Track(peer);
            accepted.Add(peer);
            return QuicStatus.Success;
        }, null, out QuicHandle? listener);
        try
        {
            Assert.Equal(QuicStatus.Success, api.ListenerStart(listener, [otherAlpn], new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, first.Port)));
            int childrenBefore = ((ApiRegistration)second.Registration.Target!).ChildCount;
            ConnectionPeer client = first.OpenClient();
            first.StartClient(client, configuration: clientConfiguration);
            ConnectionPeer server = accepted.WaitFor(_ => true, "NEW_CONNECTION on the second registration's listener");
            client.WaitFor(QuicConnectionEventType.Connected);
            server.WaitFor(QuicConnectionEventType.Connected);
            Assert.Empty(first.ServerConnections.Snapshot());
            Assert.Equal(childrenBefore + 1, ((ApiRegistration)second.Registration.Target!).ChildCount);
            Assert.Same(second.Registration.Target, ((ApiConnection)server.Handle.Target!).Registration);
            first.Api.ConnectionClose(client.Handle);
        }
        finally
        {
            api.ListenerClose(listener);
            api.ConfigurationClose(clientConfiguration);
            api.ConfigurationClose(serverConfiguration);
        }
    }
}
