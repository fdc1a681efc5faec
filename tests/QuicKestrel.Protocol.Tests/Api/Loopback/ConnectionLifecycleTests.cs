using System.Net;
using System.Net.Sockets;
using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Protocol.Tests.Api.Loopback;

/// <summary>MsQuic's connection life cycle: open allocates, start connects, NEW_CONNECTION accepts or refuses, close frees.</summary>
public class ConnectionLifecycleTests
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(400);

    [Fact]
    public void ConnectionOpen_only_allocates_nothing_is_sent_until_ConnectionStart()
    {
        using Loopback loopback = Loopback.Create(listen: false);
        using var fakeServer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        fakeServer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = (ushort)((IPEndPoint)fakeServer.LocalEndPoint!).Port;

        ConnectionPeer client = loopback.OpenClient();
        StreamPeer stream = loopback.OpenStream(client);
        loopback.Api.StreamStart(stream.Handle, QuicStreamStartFlags.None);
        loopback.Api.StreamSend(stream.Handle, new QuicBuffer[] { new byte[100] }, QuicSendFlags.None, null);
        Assert.False(fakeServer.Poll((int)Quiet.TotalMicroseconds, SelectMode.SelectRead));
        Assert.Empty(client.Events.Snapshot());

        loopback.StartClient(client, port: port);
        Assert.True(fakeServer.Poll((int)EventLog<int>.DefaultTimeout.TotalMicroseconds, SelectMode.SelectRead));
        var datagram = new byte[2048];
        int length = fakeServer.Receive(datagram);
        Assert.True(length >= 1200, "a client Initial is padded to 1200 bytes");
        Assert.Equal(0xC0, datagram[0] & 0xF0); // long header, Initial (RFC 9000 §17.2.2)
    }

    [Fact]
    public void A_connection_the_application_rejects_in_NEW_CONNECTION_is_closed_cleanly_with_CONNECTION_REFUSED()
    {
        using Loopback loopback = Loopback.Create();
        QuicHandle? offered = null;
        loopback.DecideNewConnection = connection =>
        {
            offered = connection;
            return QuicStatus.ConnectionRefused;
        };
        ConnectionPeer client = loopback.OpenClient();
        loopback.StartClient(client);
        QuicConnectionEvent shutdown = client.WaitFor(QuicConnectionEventType.ShutdownInitiatedByTransport);
        Assert.Equal(QuicStatus.ConnectionRefused, shutdown.ShutdownInitiatedByTransport.Status);
        Assert.Equal(0x2UL, shutdown.ShutdownInitiatedByTransport.ErrorCode); // CONNECTION_REFUSED (RFC 9000 §20.1)
        client.WaitFor(QuicConnectionEventType.ShutdownComplete);
        Assert.False(client.Has(QuicConnectionEventType.Connected));
        Assert.NotNull(offered);
        Assert.Equal(1UL, ListenerStatistics(loopback).TotalRejectedConnections);

        // The stack frees the refused connection itself: the registration can close.
        Assert.True(WaitUntil(() => !RegistrationHasServerConnections(loopback)), "the refused connection was not released");
    }

    [Fact]
    public void NEW_CONNECTION_reports_the_client_hello_and_the_listener_choice()
    {
        using Loopback loopback = Loopback.Create();
        QuicNewConnectionInfo info = default;
        loopback.DecideNewConnection = connection =>
        {
            info = loopback.ListenerEvents.Snapshot().Last().NewConnection.Info;
            loopback.Accept(connection);
            return QuicStatus.Success;
        };
        ConnectionPeer client = loopback.OpenClient();
        loopback.StartClient(client, host: "localhost");
        client.WaitFor(QuicConnectionEventType.Connected);
        Assert.Equal("localhost", info.ServerName);
        Assert.Equal(1u, info.QuicVersion);
        Assert.Equal(Loopback.Alpn, info.NegotiatedAlpn.ToArray());
        Assert.Equal([(byte)Loopback.Alpn.Length, .. Loopback.Alpn], info.ClientAlpnList.ToArray());
        Assert.Equal(0x01, info.CryptoBuffer.Span[0]); // a ClientHello handshake message
        Assert.Equal(loopback.Port, info.LocalAddress.Port);
        Assert.True(IPAddress.IsLoopback(info.RemoteAddress.Address));
    }

    [Fact]
    public void A_client_offering_an_ALPN_no_listener_serves_fails_with_no_application_protocol()
    {
        using Loopback loopback = Loopback.Create();
        Assert.Equal(QuicStatus.Success, loopback.Api.ConfigurationOpen(loopback.Registration, ["other"u8.ToArray()], default, null, out QuicHandle? other));
        loopback.Api.ConfigurationLoadCredential(other, new QuicCredentialConfig { Flags = QuicCredentialFlags.Client | QuicCredentialFlags.NoCertificateValidation });
        ConnectionPeer client = loopback.OpenClient();
        loopback.StartClient(client, configuration: other);
        QuicConnectionEvent shutdown = client.WaitFor(QuicConnectionEventType.ShutdownInitiatedByTransport);
        Assert.Equal(QuicStatus.TlsAlert((QuicTlsAlertCode)120), shutdown.ShutdownInitiatedByTransport.Status);
        client.WaitFor(QuicConnectionEventType.ShutdownComplete);
        Assert.Empty(loopback.ListenerEvents.Snapshot());
        loopback.Api.ConnectionClose(client.Handle);
        loopback.Api.ConfigurationClose(other);
    }

    [Fact]
    public void ConnectionClose_without_shutdown_aborts_silently_and_delivers_SHUTDOWN_COMPLETE_first()
    {
        using Loopback loopback = Loopback.Create();
        (ConnectionPeer client, ConnectionPeer server) = loopback.Connect();
        loopback.Api.ConnectionClose(client.Handle);
        QuicConnectionEvent complete = client.Events.Snapshot()[^1];
        Assert.Equal(QuicConnectionEventType.ShutdownComplete, complete.Type);
        Assert.True(complete.ShutdownComplete.AppCloseInProgress);
        Assert.True(complete.ShutdownComplete.HandshakeCompleted);
        Assert.Equal(QuicStatus.InvalidParameter, loopback.Api.StreamOpen(client.Handle, QuicStreamOpenFlags.None, (QuicHandle _, object? _, ref QuicStreamEvent _) => QuicStatus.Success, null, out _));
        // Silent: the server hears nothing and ends by idle timeout later, not now.
        Assert.True(server.Events.StaysWithout(e => e.Type == QuicConnectionEventType.ShutdownInitiatedByPeer, Quiet));
    }

    [Fact]
    public void ConnectionClose_during_a_graceful_shutdown_completes_it_before_returning()
    {
        using Loopback loopback = Loopback.Create();
        (ConnectionPeer client, _) = loopback.Connect();
        loopback.Api.ConnectionShutdown(client.Handle, QuicConnectionShutdownFlags.None, 5);
        loopback.Api.ConnectionClose(client.Handle); // the closing period (three PTOs) would still be running
        QuicConnectionEvent last = client.Events.Snapshot()[^1];
        Assert.Equal(QuicConnectionEventType.ShutdownComplete, last.Type);
        Assert.True(last.ShutdownComplete.AppCloseInProgress);
        Assert.Single(client.Events.Snapshot(), e => e.Type == QuicConnectionEventType.ShutdownComplete);
    }

    [Fact]
    public void Graceful_shutdown_reaches_the_peer_with_the_error_code_and_the_reason_phrase()
    {
        using Loopback loopback = Loopback.Create();
        (ConnectionPeer client, ConnectionPeer server) = loopback.Connect();
        byte[] phrase = "bye now\0"u8.ToArray();
        Assert.Equal(QuicStatus.Success, loopback.Api.SetParam(client.Handle, QuicParam.ConnCloseReasonPhrase, phrase));
        loopback.Api.ConnectionShutdown(client.Handle, QuicConnectionShutdownFlags.None, 0x1234);
        Assert.Equal(0x1234UL, server.WaitFor(QuicConnectionEventType.ShutdownInitiatedByPeer).ShutdownInitiatedByPeer.ErrorCode);
        client.WaitFor(QuicConnectionEventType.ShutdownComplete);
        server.WaitFor(QuicConnectionEventType.ShutdownComplete);
        Span<byte> received = stackalloc byte[64];
        uint length = 64;
        Assert.Equal(QuicStatus.Success, loopback.Api.GetParam(server.Handle, QuicParam.ConnCloseReasonPhrase, ref length, received));
        Assert.Equal(phrase, received[..(int)length].ToArray());
        Assert.False(client.Has(QuicConnectionEventType.ShutdownInitiatedByTransport));
    }

    [Fact]
    public void A_peer_that_forgot_the_connection_answers_with_a_stateless_reset_and_the_client_ends_at_once()
    {
        using Loopback loopback = Loopback.Create();
        (ConnectionPeer client, ConnectionPeer server) = loopback.Connect();
        loopback.Api.ConnectionClose(server.Handle); // silent: the server forgets, the client does not know
        StreamPeer stream = loopback.OpenStream(client);
        loopback.Api.StreamStart(stream.Handle, QuicStreamStartFlags.None);
        loopback.Api.StreamSend(stream.Handle, new QuicBuffer[] { new byte[200] }, QuicSendFlags.None, null);
        // Far sooner than the 30 s idle timeout: the server's socket answered with a stateless reset.
        QuicConnectionEvent shutdown = client.WaitFor(QuicConnectionEventType.ShutdownInitiatedByTransport, TimeSpan.FromSeconds(10));
        Assert.NotEqual(QuicStatus.ConnectionIdle, shutdown.ShutdownInitiatedByTransport.Status);
        client.WaitFor(QuicConnectionEventType.ShutdownComplete);
    }

    [Theory]
    [InlineData("127.0.0.1", null)]
    [InlineData("::1", null)]
    [InlineData("::1", "::")]
    [InlineData("127.0.0.1", "0.0.0.0")]
    [InlineData("::1", "::1")]
    [InlineData("localhost", "127.0.0.1")]
    public void Clients_reach_listeners_over_IPv4_IPv6_and_dual_stack(string host, string? listenAddress)
    {
        using Loopback loopback = Loopback.Create(listen: false);
        loopback.Listen(listenAddress is null ? null : new IPEndPoint(IPAddress.Parse(listenAddress), 0));
        Assert.Equal(QuicStatus.Success, loopback.Api.GetParam(loopback.Listener, QuicParam.ListenerLocalAddress, out QuicAddress local));
        // No address: MsQuic's dual-stack wildcard, reported without a family.
        Assert.Equal(listenAddress is null ? QuicAddressFamily.Unspec : IPAddress.Parse(listenAddress).AddressFamily == AddressFamily.InterNetwork
            ? QuicAddressFamily.Inet : QuicAddressFamily.Inet6, local.Family);
        ConnectionPeer client = loopback.OpenClient();
        Assert.Equal(QuicStatus.Pending, loopback.Api.ConnectionStart(client.Handle, loopback.ClientConfiguration,
            host == "localhost" ? QuicAddressFamily.Inet : QuicAddressFamily.Unspec, host, loopback.Port));
        client.WaitFor(QuicConnectionEventType.Connected);
        Assert.Equal(QuicStatus.Success, loopback.Api.GetParam(client.Handle, QuicParam.ConnRemoteAddress, out QuicAddress remote));
        Assert.Equal(loopback.Port, remote.Port);
        Assert.Equal(host == "::1" ? QuicAddressFamily.Inet6 : QuicAddressFamily.Inet, remote.Family);
    }

    private static QuicListenerStatistics ListenerStatistics(Loopback loopback)
    {
        Assert.Equal(QuicStatus.Success, loopback.Api.GetParam(loopback.Listener, QuicParam.ListenerStats, out QuicListenerStatistics statistics));
        return statistics;
    }

    private static bool RegistrationHasServerConnections(Loopback loopback) =>
        ((ApiRegistration)loopback.Registration.Target!).ChildCount > 4; // 2 configurations, the listener, the client

    internal static bool WaitUntil(Func<bool> condition, TimeSpan? timeout = null)
    {
        long deadline = Environment.TickCount64 + (long)(timeout ?? EventLog<int>.DefaultTimeout).TotalMilliseconds;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline)
                return false;
            Thread.Sleep(10);
        }
        return true;
    }
}
