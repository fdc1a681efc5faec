using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;
using QuicKestrel.Transport.Tests.Infrastructure;

namespace QuicKestrel.Transport.Tests.Live;

[Trait(TransportHarness.TraitName, TransportHarness.TraitValue)]
public class StreamTests
{
    [Fact]
    public async Task Client_streams_arrive_with_their_direction_and_id()
    {
        await using TransportHarness harness = await TransportHarness.StartAsync();
        (QuicTestConnection client, MultiplexedConnectionContext server) = await harness.ConnectAsync();
        await using (client)
        {
            QuicTestStream bidi = await client.OpenStreamAsync();
            await bidi.SendAsync(new byte[] { 1 }, fin: true);
            ConnectionContext serverBidi = (await server.AcceptAsync())!;
            var direction = serverBidi.Features.GetRequiredFeature<IStreamDirectionFeature>();
            Assert.True(direction.CanRead && direction.CanWrite);
            Assert.Equal((long)bidi.Id, serverBidi.Features.GetRequiredFeature<IStreamIdFeature>().StreamId);
            Assert.Equal(-1, serverBidi.Features.GetRequiredFeature<IProtocolErrorCodeFeature>().Error);

            QuicTestStream uni = await client.OpenStreamAsync(unidirectional: true);
            await uni.SendAsync(new byte[] { 2 }, fin: true);
            ConnectionContext serverUni = (await server.AcceptAsync())!;
            direction = serverUni.Features.GetRequiredFeature<IStreamDirectionFeature>();
            Assert.True(direction.CanRead);
            Assert.False(direction.CanWrite);
            Assert.Equal((long)uni.Id, serverUni.Features.GetRequiredFeature<IStreamIdFeature>().StreamId);
            Assert.Equal(new byte[] { 2 }, await TransportHarness.ReadToEndAsync(serverUni.Transport.Input));

            // Unknown features fall back to the connection's.
            Assert.Same(server.Features.Get<ITlsConnectionFeature>(), serverBidi.Features.Get<ITlsConnectionFeature>());
            await serverBidi.DisposeAsync();
            await serverUni.DisposeAsync();
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Server_opens_unidirectional_and_bidirectional_streams()
    {
        await using TransportHarness harness = await TransportHarness.StartAsync();
        (QuicTestConnection client, MultiplexedConnectionContext server) = await harness.ConnectAsync();
        await using (client)
        {
            var uniFeatures = new FeatureCollection();
            uniFeatures.Set<IStreamDirectionFeature>(new Direction(canRead: false));
            ConnectionContext control = await server.ConnectAsync(uniFeatures);
            Assert.False(control.Features.GetRequiredFeature<IStreamDirectionFeature>().CanRead);
            await control.Transport.Output.WriteAsync("\0settings"u8.ToArray());
            QuicTestStream clientSide = await client.AcceptStreamAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.True(clientSide.IsUnidirectional);
            Assert.Equal("\0settings"u8.ToArray(), await clientSide.ReadAtLeastAsync(9));
            Assert.Equal(3L, control.Features.GetRequiredFeature<IStreamIdFeature>().StreamId); // first server uni stream

            ConnectionContext bidi = await server.ConnectAsync();
            await bidi.Transport.Output.WriteAsync(new byte[] { 9 });
            await bidi.Transport.Output.CompleteAsync();
            QuicTestStream clientBidi = await client.AcceptStreamAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.False(clientBidi.IsUnidirectional);
            Assert.Equal(new byte[] { 9 }, await clientBidi.ReadToEndAsync());
            await server.DisposeAsync();
        }
    }

    [Theory]
    [InlineData(1024)]
    [InlineData(1024 * 1024)]
    [InlineData(5 * 1024 * 1024)]
    public async Task Server_writes_arrive_bit_exact_with_a_fin(int length)
    {
        await using TransportHarness harness = await TransportHarness.StartAsync();
        (QuicTestConnection client, MultiplexedConnectionContext server) = await harness.ConnectAsync();
        await using (client)
        {
            QuicTestStream stream = await client.OpenStreamAsync();
            await stream.SendAsync("GET"u8.ToArray(), fin: true);
            ConnectionContext serverStream = (await server.AcceptAsync())!;
            Assert.Equal("GET"u8.ToArray(), await TransportHarness.ReadToEndAsync(serverStream.Transport.Input));
            byte[] payload = TransportHarness.Pattern(length);
            await serverStream.Transport.Output.WriteAsync(payload);
            await serverStream.Transport.Output.CompleteAsync();
            byte[] received = await stream.ReadToEndAsync(TimeSpan.FromSeconds(60));
            Assert.True(stream.FinReceived);
            Assert.Equal(payload.Length, received.Length);
            Assert.True(payload.AsSpan().SequenceEqual(received));
            await serverStream.DisposeAsync();
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Many_small_flushes_under_write_backpressure_arrive_bit_exact_with_a_fin()
    {
        // The send loop continues inside SEND_COMPLETE on the worker; Kestrel's flushes, held back
        // by the small write buffer, must still resume (on the thread pool) and keep the order.
        await using TransportHarness harness = await TransportHarness.StartAsync(o => o.MaxWriteBufferSize = 4096);
        (QuicTestConnection client, MultiplexedConnectionContext server) = await harness.ConnectAsync();
        await using (client)
        {
            QuicTestStream stream = await client.OpenStreamAsync();
            await stream.SendAsync("GET"u8.ToArray(), fin: true);
            ConnectionContext serverStream = (await server.AcceptAsync())!;
            Assert.Equal("GET"u8.ToArray(), await TransportHarness.ReadToEndAsync(serverStream.Transport.Input));
            byte[] payload = TransportHarness.Pattern(2000 * 997);
            Task<byte[]> reading = stream.ReadToEndAsync(TimeSpan.FromSeconds(60));
            for (int offset = 0; offset < payload.Length; offset += 997)
                await serverStream.Transport.Output.WriteAsync(payload.AsMemory(offset, 997)).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            await serverStream.Transport.Output.CompleteAsync();
            byte[] received = await reading;
            Assert.True(stream.FinReceived);
            Assert.True(payload.AsSpan().SequenceEqual(received));
            await serverStream.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Final_data_and_fin_reach_the_reader_together()
    {
        await using TransportHarness harness = await TransportHarness.StartAsync();
        (QuicTestConnection client, MultiplexedConnectionContext server) = await harness.ConnectAsync();
        await using (client)
        {
            QuicTestStream stream = await client.OpenStreamAsync();
            await stream.SendAsync("hello"u8.ToArray(), fin: true);
            ConnectionContext serverStream = (await server.AcceptAsync())!;
            ReadResult result = await serverStream.Transport.Input.ReadAsync();
            Assert.Equal(5, result.Buffer.Length);
            Assert.True(result.IsCompleted, "the FIN must complete the pipe together with the last data");
            serverStream.Transport.Input.AdvanceTo(result.Buffer.End);
            await serverStream.DisposeAsync();
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Large_uploads_survive_a_small_read_buffer()
    {
        await using TransportHarness harness = await TransportHarness.StartAsync(o => o.MaxReadBufferSize = 16 * 1024);
        (QuicTestConnection client, MultiplexedConnectionContext server) = await harness.ConnectAsync();
        await using (client)
        {
            byte[] payload = TransportHarness.Pattern(3 * 1024 * 1024 + 17);
            QuicTestStream stream = await client.OpenStreamAsync();
            Task send = stream.SendAsync(payload, fin: true);
            ConnectionContext serverStream = (await server.AcceptAsync())!;
            byte[] received = await TransportHarness.ReadToEndAsync(serverStream.Transport.Input);
            await send;
            Assert.True(payload.AsSpan().SequenceEqual(received));
            await serverStream.Transport.Output.CompleteAsync();
            await stream.ReadToEndAsync();
            await serverStream.DisposeAsync();
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Client_reset_surfaces_as_ConnectionResetException_with_the_code()
    {
        await using TransportHarness harness = await TransportHarness.StartAsync();
        (QuicTestConnection client, MultiplexedConnectionContext server) = await harness.ConnectAsync();
        await using (client)
        {
            QuicTestStream stream = await client.OpenStreamAsync();
            await stream.SendAsync(new byte[] { 1, 2, 3 });
            ConnectionContext serverStream = (await server.AcceptAsync())!;
            var closed = new TaskCompletionSource();
            serverStream.Features.GetRequiredFeature<IStreamClosedFeature>().OnClosed(_ => closed.TrySetResult(), null);
            stream.AbortSend(0x10C);
            await Assert.ThrowsAsync<ConnectionResetException>(() => TransportHarness.ReadToEndAsync(serverStream.Transport.Input));
            Assert.Equal(0x10C, serverStream.Features.GetRequiredFeature<IProtocolErrorCodeFeature>().Error);
            await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.True(serverStream.ConnectionClosed.IsCancellationRequested);
            serverStream.Abort(new ConnectionAbortedException("done"));
            await serverStream.DisposeAsync();
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Client_stop_sending_ends_server_writes_and_reports_the_code()
    {
        await using TransportHarness harness = await TransportHarness.StartAsync();
        (QuicTestConnection client, MultiplexedConnectionContext server) = await harness.ConnectAsync();
        await using (client)
        {
            QuicTestStream stream = await client.OpenStreamAsync();
            await stream.SendAsync(new byte[] { 1 }, fin: true);
            ConnectionContext serverStream = (await server.AcceptAsync())!;
            var closed = new TaskCompletionSource();
            serverStream.Features.GetRequiredFeature<IStreamClosedFeature>().OnClosed(_ => closed.TrySetResult(), null);
            stream.AbortReceive(0x10C);
            await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(0x10C, serverStream.Features.GetRequiredFeature<IProtocolErrorCodeFeature>().Error);
            bool writesEnded = false;
            for (int i = 0; i < 100 && !writesEnded; i++)
            {
                try
                {
                    FlushResult flush = await serverStream.Transport.Output.WriteAsync(new byte[4096]);
                    writesEnded = flush.IsCompleted;
                }
                catch (ConnectionResetException)
                {
                    writesEnded = true;
                }
            }
            Assert.True(writesEnded);
            // The client stopped its receive side, so it sees no RESET_STREAM event, but the stream
            // can only finish once the server answered STOP_SENDING with one.
            await serverStream.DisposeAsync();
            await stream.ShutdownComplete.WaitAsync(TimeSpan.FromSeconds(10));
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Server_aborts_reach_the_client_with_their_codes()
    {
        await using TransportHarness harness = await TransportHarness.StartAsync();
        (QuicTestConnection client, MultiplexedConnectionContext server) = await harness.ConnectAsync();
        await using (client)
        {
            QuicTestStream stream = await client.OpenStreamAsync();
            await stream.SendAsync(new byte[] { 1 });
            ConnectionContext serverStream = (await server.AcceptAsync())!;
            var abort = serverStream.Features.GetRequiredFeature<IStreamAbortFeature>();
            Assert.Throws<ArgumentOutOfRangeException>(() => abort.AbortRead(-1, new ConnectionAbortedException()));
            Assert.Throws<ArgumentOutOfRangeException>(() => abort.AbortWrite(1L << 62, new ConnectionAbortedException()));
            abort.AbortRead(0x100, new ConnectionAbortedException("not reading"));
            Assert.Equal(0x100UL, await stream.StopSending.WaitAsync(TimeSpan.FromSeconds(10)));
            abort.AbortWrite(0x102, new ConnectionAbortedException("internal error"));
            Assert.Equal(0x102UL, await stream.ResetCodeAsync());
            await serverStream.DisposeAsync();
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Abort_uses_the_error_code_feature_or_the_default_stream_code()
    {
        await using TransportHarness harness = await TransportHarness.StartAsync(o => o.DefaultStreamErrorCode = 0x10C);
        (QuicTestConnection client, MultiplexedConnectionContext server) = await harness.ConnectAsync();
        await using (client)
        {
            QuicTestStream first = await client.OpenStreamAsync();
            await first.SendAsync(new byte[] { 1 });
            ConnectionContext one = (await server.AcceptAsync())!;
            one.Abort(new ConnectionAbortedException("no code"));
            Assert.Equal(0x10CUL, await first.ResetCodeAsync());

            QuicTestStream second = await client.OpenStreamAsync();
            await second.SendAsync(new byte[] { 2 });
            ConnectionContext two = (await server.AcceptAsync())!;
            two.Features.GetRequiredFeature<IProtocolErrorCodeFeature>().Error = 0x102;
            two.Abort(new ConnectionAbortedException("internal"));
            Assert.Equal(0x102UL, await second.ResetCodeAsync());
            Assert.Equal(0x102UL, await second.StopSending.WaitAsync(TimeSpan.FromSeconds(10)));
            await one.DisposeAsync();
            await two.DisposeAsync();
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Dispose_stops_a_client_that_never_finished_sending()
    {
        await using TransportHarness harness = await TransportHarness.StartAsync(o => o.DefaultStreamErrorCode = 0x10C);
        (QuicTestConnection client, MultiplexedConnectionContext server) = await harness.ConnectAsync();
        await using (client)
        {
            QuicTestStream stream = await client.OpenStreamAsync();
            await stream.SendAsync(new byte[] { 1, 2 }); // no FIN
            ConnectionContext serverStream = (await server.AcceptAsync())!;
            await serverStream.Transport.Input.CompleteAsync(); // Kestrel stops reading
            await serverStream.Transport.Output.WriteAsync("bye"u8.ToArray());
            await serverStream.Transport.Output.CompleteAsync();
            await serverStream.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(0x10CUL, await stream.StopSending.WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.Equal("bye"u8.ToArray(), await stream.ReadToEndAsync());
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Reused_stream_context_keeps_its_persistent_state()
    {
        await using TransportHarness harness = await TransportHarness.StartAsync();
        (QuicTestConnection client, MultiplexedConnectionContext server) = await harness.ConnectAsync();
        await using (client)
        {
            ConnectionContext first = await RoundTripAsync(client, server);
            first.Features.GetRequiredFeature<IPersistentStateFeature>().State["kept"] = "yes";
            await first.DisposeAsync();
            ((IDisposable)first).Dispose(); // Kestrel's pooling hook

            ConnectionContext second = await RoundTripAsync(client, server);
            Assert.Same(first, second);
            Assert.Equal("yes", second.Features.GetRequiredFeature<IPersistentStateFeature>().State["kept"]);
            Assert.Equal(-1, second.Features.GetRequiredFeature<IProtocolErrorCodeFeature>().Error);
            Assert.Equal(4L, second.Features.GetRequiredFeature<IStreamIdFeature>().StreamId);
            await second.DisposeAsync();
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_clean_stream_end_runs_the_closed_callbacks_before_DisposeAsync_completes_also_on_a_reused_context()
    {
        await using TransportHarness harness = await TransportHarness.StartAsync();
        (QuicTestConnection client, MultiplexedConnectionContext server) = await harness.ConnectAsync();
        await using (client)
        {
            for (int i = 0; i < 3; i++)
            {
                ConnectionContext serverStream = await RoundTripAsync(client, server, beforeReply: s =>
                {
                    s.Features.GetRequiredFeature<IStreamClosedFeature>().OnClosed(static state => ((StrongBox<int>)state!).Value++, s.Items["closed"] = new StrongBox<int>());
                });
                var closed = (StrongBox<int>)serverStream.Items["closed"]!;
                CancellationToken token = serverStream.ConnectionClosed;
                await serverStream.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
                Assert.Equal(1, closed.Value);
                Assert.True(token.IsCancellationRequested);
                ((IDisposable)serverStream).Dispose();
            }
            await server.DisposeAsync();
        }
    }

    private static async Task<ConnectionContext> RoundTripAsync(QuicTestConnection client, MultiplexedConnectionContext server, Action<ConnectionContext>? beforeReply = null)
    {
        QuicTestStream stream = await client.OpenStreamAsync();
        await stream.SendAsync("ping"u8.ToArray(), fin: true);
        ConnectionContext serverStream = (await server.AcceptAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)))!;
        beforeReply?.Invoke(serverStream);
        Assert.Equal("ping"u8.ToArray(), await TransportHarness.ReadToEndAsync(serverStream.Transport.Input));
        await serverStream.Transport.Output.WriteAsync("pong"u8.ToArray());
        await serverStream.Transport.Output.CompleteAsync();
        Assert.Equal("pong"u8.ToArray(), await stream.ReadToEndAsync());
        return serverStream;
    }

    private sealed class Direction(bool canRead) : IStreamDirectionFeature
    {
        public bool CanRead { get; } = canRead;

        public bool CanWrite => true;
    }
}
