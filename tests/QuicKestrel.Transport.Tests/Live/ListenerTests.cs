using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;
using QuicKestrel.Transport.Tests.Infrastructure;

namespace QuicKestrel.Transport.Tests.Live;

[Trait(TransportHarness.TraitName, TransportHarness.TraitValue)]
public class ListenerTests
{
    [Fact]
    public async Task Port_zero_binds_a_free_port_and_reports_it()
    {
        await using TransportHarness harness = await TransportHarness.StartAsync();
        Assert.NotEqual(0, harness.EndPoint.Port);
        Assert.Equal(IPAddress.Loopback, harness.EndPoint.Address);
    }

    [Fact]
    public async Task Accept_after_unbind_returns_null()
    {
        await using TransportHarness harness = await TransportHarness.StartAsync();
        ValueTask<MultiplexedConnectionContext?> pending = harness.Listener.AcceptAsync();
        await harness.Listener.UnbindAsync();
        Assert.Null(await pending.AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Null(await harness.Listener.AcceptAsync());
    }

    [Fact]
    public async Task Listeners_sharing_a_port_fail_with_AddressInUseException()
    {
        await using TransportHarness first = await TransportHarness.StartAsync();
        await Assert.ThrowsAsync<AddressInUseException>(() => TransportHarness.StartAsync(endPoint: first.EndPoint));
    }

    [Fact]
    public async Task A_bad_handshake_does_not_stop_accepting()
    {
        await using TransportHarness harness = await TransportHarness.StartAsync(onConnection: context =>
            context.ClientHelloInfo.ServerName == "bad.test"
                ? throw new InvalidOperationException("no certificate for this name")
                : new SslServerAuthenticationOptions { ServerCertificate = TestCertificates.Server });

        await using QuicTestConnection wrongAlpn = QuicTestConnection.StartNew(harness.EndPoint, alpn: "not-h3");
        await Assert.ThrowsAnyAsync<Exception>(() => wrongAlpn.Connected.WaitAsync(TimeSpan.FromSeconds(10)));
        await using QuicTestConnection refusedByCallback = QuicTestConnection.StartNew(harness.EndPoint, serverName: "bad.test");
        await Assert.ThrowsAnyAsync<Exception>(() => refusedByCallback.Connected.WaitAsync(TimeSpan.FromSeconds(10)));

        (QuicTestConnection client, MultiplexedConnectionContext server) = await harness.ConnectAsync();
        await using (client)
        {
            Assert.Equal("localhost", server.Features.Get<ITlsHandshakeFeature>()!.HostName);
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Tls_callback_receives_the_connection_the_client_hello_and_the_state()
    {
        TlsConnectionCallbackContext? seen = null;
        await using TransportHarness harness = await TransportHarness.StartAsync(onConnection: context =>
        {
            seen = context;
            return new SslServerAuthenticationOptions { ServerCertificate = TestCertificates.Server };
        });
        (QuicTestConnection client, MultiplexedConnectionContext server) = await harness.ConnectAsync();
        await using (client)
        {
            Assert.NotNull(seen);
            Assert.Same(server, seen!.Connection);
            Assert.Equal("localhost", seen.ClientHelloInfo.ServerName);
            Assert.Equal(SslProtocols.Tls13, seen.ClientHelloInfo.SslProtocols);
            Assert.Equal("state", seen.State);
            var handshake = server.Features.Get<ITlsHandshakeFeature>()!;
            Assert.Equal(SslProtocols.Tls13, handshake.Protocol);
            Assert.NotNull(handshake.NegotiatedCipherSuite);
            Assert.Equal("h3"u8.ToArray(), server.Features.Get<Microsoft.AspNetCore.Server.Kestrel.Core.Features.ITlsApplicationProtocolFeature>()!.ApplicationProtocol.ToArray());
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Client_certificate_is_on_the_connection_and_its_streams()
    {
        await using TransportHarness harness = await TransportHarness.StartAsync(onConnection: _ => new SslServerAuthenticationOptions
        {
            ServerCertificate = TestCertificates.Server,
            ClientCertificateRequired = true,
            RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null,
        });
        (QuicTestConnection client, MultiplexedConnectionContext server) = await harness.ConnectAsync(TestCertificates.Client);
        await using (client)
        {
            var tls = server.Features.Get<ITlsConnectionFeature>()!;
            Assert.Equal(TestCertificates.Client.Thumbprint, tls.ClientCertificate?.Thumbprint);
            QuicTestStream stream = await client.OpenStreamAsync();
            await stream.SendAsync(new byte[] { 1 }, fin: true);
            ConnectionContext serverStream = (await server.AcceptAsync())!;
            Assert.Equal(TestCertificates.Client.Thumbprint, serverStream.Features.Get<ITlsConnectionFeature>()!.ClientCertificate?.Thumbprint);
            await serverStream.DisposeAsync();
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_required_client_certificate_that_is_missing_fails_the_handshake()
    {
        await using TransportHarness harness = await TransportHarness.StartAsync(onConnection: _ => new SslServerAuthenticationOptions
        {
            ServerCertificate = TestCertificates.Server,
            ClientCertificateRequired = true,
            RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null,
        });
        await using QuicTestConnection client = QuicTestConnection.StartNew(harness.EndPoint);
        await client.ShutdownComplete.WaitAsync(TimeSpan.FromSeconds(15));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => harness.Listener.AcceptAsync(cancellationToken: cts.Token).AsTask());
    }

    [Fact]
    public async Task Backlog_refuses_clients_beyond_it_and_accepting_frees_room()
    {
        await using TransportHarness harness = await TransportHarness.StartAsync(o => o.Backlog = 1);
        await using QuicTestConnection first = await QuicTestConnection.ConnectAsync(harness.EndPoint);
        await using QuicTestConnection second = QuicTestConnection.StartNew(harness.EndPoint);
        await Assert.ThrowsAnyAsync<Exception>(() => second.Connected.WaitAsync(TimeSpan.FromSeconds(15)));
        MultiplexedConnectionContext accepted = (await harness.Listener.AcceptAsync())!;
        await using QuicTestConnection third = await QuicTestConnection.ConnectAsync(harness.EndPoint);
        MultiplexedConnectionContext thirdServer = (await harness.Listener.AcceptAsync())!;
        await accepted.DisposeAsync();
        await thirdServer.DisposeAsync();
    }
}
