using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;
using QuicKestrel.Transport.Tests.Infrastructure;

namespace QuicKestrel.Transport.Tests.Live;

[Trait(TransportHarness.TraitName, TransportHarness.TraitValue)]
public class ConnectionTests
{
    [Fact]
    public async Task Features_are_what_kestrels_http3_needs()
    {
        await using TransportHarness harness = await TransportHarness.StartAsync();
        (QuicTestConnection client, MultiplexedConnectionContext server) = await harness.ConnectAsync();
        await using (client)
        {
            Assert.Equal(-1, server.Features.GetRequiredFeature<IProtocolErrorCodeFeature>().Error);
            Assert.NotNull(server.Features.Get<ITlsConnectionFeature>());
            Assert.False(server.Features.IsReadOnly);
            server.Features.Set(new object()); // Kestrel adds its own features
            Assert.IsType<IPEndPoint>(server.LocalEndPoint);
            Assert.Equal(harness.EndPoint.Port, ((IPEndPoint)server.LocalEndPoint!).Port);
            Assert.IsType<IPEndPoint>(server.RemoteEndPoint);
            Assert.False(string.IsNullOrEmpty(server.ConnectionId));
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Dispose_closes_with_the_default_close_code_and_abort_afterwards_is_ignored()
    {
        await using TransportHarness harness = await TransportHarness.StartAsync(o => o.DefaultCloseErrorCode = 0x100);
        (QuicTestConnection client, MultiplexedConnectionContext server) = await harness.ConnectAsync();
        await using (client)
        {
            await server.DisposeAsync();
            server.Abort(new ConnectionAbortedException("late"));
            await client.ShutdownComplete.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(0x100UL, client.PeerCloseCode);
        }
    }

    [Fact]
    public async Task Abort_sends_the_error_code_feature_as_the_close_code()
    {
        await using TransportHarness harness = await TransportHarness.StartAsync();
        (QuicTestConnection client, MultiplexedConnectionContext server) = await harness.ConnectAsync();
        await using (client)
        {
            server.Features.GetRequiredFeature<IProtocolErrorCodeFeature>().Error = 0x102; // H3_INTERNAL_ERROR
            server.Abort(new ConnectionAbortedException("test"));
            await client.ShutdownComplete.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(0x102UL, client.PeerCloseCode);
            await Assert.ThrowsAsync<ConnectionAbortedException>(() => server.AcceptAsync().AsTask());
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Accept_after_a_cancelled_accept_still_gets_streams()
    {
        await using TransportHarness harness = await TransportHarness.StartAsync();
        (QuicTestConnection client, MultiplexedConnectionContext server) = await harness.ConnectAsync();
        await using (client)
        {
            using var cts = new CancellationTokenSource();
            ValueTask<ConnectionContext?> cancelled = server.AcceptAsync(cts.Token);
            cts.Cancel();
            Assert.Null(await cancelled);
            QuicTestStream stream = await client.OpenStreamAsync();
            await stream.SendAsync(new byte[] { 42 }, fin: true);
            ConnectionContext? accepted = await server.AcceptAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.NotNull(accepted);
            await accepted!.DisposeAsync();
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Peer_close_throws_ConnectionResetException_with_the_peers_code()
    {
        await using TransportHarness harness = await TransportHarness.StartAsync();
        (QuicTestConnection client, MultiplexedConnectionContext server) = await harness.ConnectAsync();
        await using (client)
        {
            var closed = new TaskCompletionSource();
            server.ConnectionClosed.Register(() => closed.TrySetResult());
            ValueTask<ConnectionContext?> accept = server.AcceptAsync();
            client.Close(0x10B);
            await Assert.ThrowsAsync<ConnectionResetException>(() => accept.AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.Equal(0x10B, server.Features.GetRequiredFeature<IProtocolErrorCodeFeature>().Error);
            await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Invalid_error_codes_are_rejected()
    {
        await using TransportHarness harness = await TransportHarness.StartAsync();
        (QuicTestConnection client, MultiplexedConnectionContext server) = await harness.ConnectAsync();
        await using (client)
        {
            var feature = server.Features.GetRequiredFeature<IProtocolErrorCodeFeature>();
            Assert.Throws<ArgumentOutOfRangeException>(() => feature.Error = -1);
            Assert.Throws<ArgumentOutOfRangeException>(() => feature.Error = 1L << 62);
            Assert.Equal(-1, feature.Error);
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Stream_credit_is_granted_again_when_kestrel_disposes_a_stream()
    {
        await using TransportHarness harness = await TransportHarness.StartAsync(o => o.MaxBidirectionalStreamCount = 2);
        (QuicTestConnection client, MultiplexedConnectionContext server) = await harness.ConnectAsync();
        await using (client)
        {
            QuicTestStream first = await client.OpenStreamAsync();
            QuicTestStream second = await client.OpenStreamAsync();
            await first.SendAsync(new byte[] { 1 }, fin: true);
            await second.SendAsync(new byte[] { 2 }, fin: true);
            QuicTestStream third = client.StartStream();
            ConnectionContext one = (await server.AcceptAsync())!;
            ConnectionContext two = (await server.AcceptAsync())!;
            await Task.Delay(200);
            Assert.False(third.Started.IsCompleted, "a third stream must wait for credit");
            await one.Transport.Output.CompleteAsync();
            await TransportHarness.ReadToEndAsync(one.Transport.Input);
            await one.DisposeAsync();
            await third.Started.WaitAsync(TimeSpan.FromSeconds(10));
            await third.SendAsync(new byte[] { 3 }, fin: true);
            ConnectionContext three = (await server.AcceptAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)))!;
            Assert.Equal(new byte[] { 3 }, await TransportHarness.ReadToEndAsync(three.Transport.Input));
            await two.DisposeAsync();
            await three.DisposeAsync();
            await server.DisposeAsync();
        }
    }
}
