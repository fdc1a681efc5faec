using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using QuicKestrel.Transport.Tests.Infrastructure;

namespace QuicKestrel.Transport.Tests.Live;

/// <summary>Kestrel's own HTTP/3 over the transport, driven frame by frame from a raw QUIC client.</summary>
[Trait(TransportHarness.TraitName, TransportHarness.TraitValue)]
public class KestrelHttp3Tests
{
    private static void MapBasics(WebApplication app)
    {
        app.MapGet("/protocol", (HttpContext c) => c.Request.Protocol);
        app.MapPost("/echo", WebApp.SampleEndpoints.EchoAsync);
    }

    [Fact]
    public async Task Get_is_served_over_http3()
    {
        await using KestrelTestApp server = await KestrelTestApp.StartAsync(MapBasics);
        await using QuicTestConnection client = await QuicTestConnection.ConnectAsync(server.QuicEndPoint);
        await MiniHttp3.OpenControlStreamAsync(client);
        MiniHttp3.Response response = await MiniHttp3.SendAsync(client, "GET", "/protocol");
        Assert.Equal(200, response.Status);
        Assert.Equal("HTTP/3", Encoding.ASCII.GetString(response.Body));
    }

    [Fact]
    public async Task Hundred_concurrent_requests_on_one_connection()
    {
        await using KestrelTestApp server = await KestrelTestApp.StartAsync(MapBasics);
        await using QuicTestConnection client = await QuicTestConnection.ConnectAsync(server.QuicEndPoint);
        await MiniHttp3.OpenControlStreamAsync(client);
        MiniHttp3.Response[] responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => MiniHttp3.SendAsync(client, "GET", "/protocol")));
        Assert.All(responses, r => Assert.Equal(200, r.Status));
    }

    [Fact]
    public async Task Ten_connections_times_hundred_requests()
    {
        await using KestrelTestApp server = await KestrelTestApp.StartAsync(MapBasics);
        await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
        {
            await using QuicTestConnection client = await QuicTestConnection.ConnectAsync(server.QuicEndPoint);
            await MiniHttp3.OpenControlStreamAsync(client);
            MiniHttp3.Response[] responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => MiniHttp3.SendAsync(client, "GET", "/protocol")));
            Assert.All(responses, r => Assert.Equal("HTTP/3", Encoding.ASCII.GetString(r.Body)));
        }));
    }

    [Fact]
    public async Task Ten_megabyte_upload_echoes_bit_exact()
    {
        await using KestrelTestApp server = await KestrelTestApp.StartAsync(MapBasics);
        await using QuicTestConnection client = await QuicTestConnection.ConnectAsync(server.QuicEndPoint);
        await MiniHttp3.OpenControlStreamAsync(client);
        byte[] body = TransportHarness.Pattern(10_000_000);
        MiniHttp3.Response response = await MiniHttp3.SendAsync(client, "POST", "/echo", body);
        Assert.Equal(200, response.Status);
        Assert.True(body.AsSpan().SequenceEqual(response.Body));
    }

    [Fact]
    public async Task Client_cancelling_an_upload_aborts_the_request()
    {
        var seen = new TaskCompletionSource<(string Message, bool Aborted)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var bodyStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using KestrelTestApp server = await KestrelTestApp.StartAsync(app => app.MapPost("/upload", async (HttpContext c) =>
        {
            try
            {
                var buffer = new byte[1024];
                while (await c.Request.Body.ReadAsync(buffer) > 0)
                    bodyStarted.TrySetResult();
                seen.TrySetResult(("completed", c.RequestAborted.IsCancellationRequested));
            }
            catch (Exception ex)
            {
                seen.TrySetResult((ex.Message, c.RequestAborted.IsCancellationRequested));
            }
        }));
        await using QuicTestConnection client = await QuicTestConnection.ConnectAsync(server.QuicEndPoint);
        await MiniHttp3.OpenControlStreamAsync(client);
        QuicTestStream stream = await client.OpenStreamAsync();
        await stream.SendAsync(MiniHttp3.Request("POST", "/upload"));
        await stream.SendAsync(MiniHttp3.Data(new byte[4096]));
        await bodyStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        stream.AbortSend(0x10C);
        (string message, bool aborted) = await seen.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("The client reset the request stream.", message);
        Assert.True(aborted);
    }

    [Fact]
    public async Task Server_abort_resets_the_stream_with_H3_INTERNAL_ERROR()
    {
        await using KestrelTestApp server = await KestrelTestApp.StartAsync(app => app.MapGet("/abort", (HttpContext c) => c.Abort()));
        await using QuicTestConnection client = await QuicTestConnection.ConnectAsync(server.QuicEndPoint);
        await MiniHttp3.OpenControlStreamAsync(client);
        QuicTestStream stream = await client.OpenStreamAsync();
        await stream.SendAsync(MiniHttp3.Request("GET", "/abort"), fin: true);
        Assert.Equal(0x102UL, await stream.ResetCodeAsync());
    }

    [Fact]
    public async Task Trailers_arrive_in_a_second_headers_frame()
    {
        await using KestrelTestApp server = await KestrelTestApp.StartAsync(app => app.MapGet("/trailers", async (HttpContext c) =>
        {
            await c.Response.WriteAsync("body");
            c.Response.AppendTrailer("x-checksum", "abc123");
        }));
        await using QuicTestConnection client = await QuicTestConnection.ConnectAsync(server.QuicEndPoint);
        await MiniHttp3.OpenControlStreamAsync(client);
        MiniHttp3.Response response = await MiniHttp3.SendAsync(client, "GET", "/trailers");
        Assert.Equal(200, response.Status);
        Assert.Equal("body", Encoding.ASCII.GetString(response.Body));
        Assert.Equal(2, response.HeaderBlocks.Count);
        string trailers = Encoding.ASCII.GetString(response.HeaderBlocks[1]);
        Assert.Contains("x-checksum", trailers);
        Assert.Contains("abc123", trailers);
    }

    [Fact]
    public async Task Graceful_shutdown_sends_goaway_and_drains_the_request_in_flight()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        KestrelTestApp server = await KestrelTestApp.StartAsync(app => app.MapGet("/slow", async (HttpContext c) =>
        {
            started.TrySetResult();
            await Task.Delay(500);
            await c.Response.WriteAsync("done");
        }));
        await using QuicTestConnection client = await QuicTestConnection.ConnectAsync(server.QuicEndPoint);
        await MiniHttp3.OpenControlStreamAsync(client);
        QuicTestStream control = await client.AcceptStreamAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(control.IsUnidirectional);
        QuicTestStream request = await client.OpenStreamAsync();
        await request.SendAsync(MiniHttp3.Request("GET", "/slow"), fin: true);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Task stopping = server.DisposeAsync().AsTask();
        MiniHttp3.Response response = MiniHttp3.ParseResponse(await request.ReadToEndAsync());
        Assert.Equal(200, response.Status);
        Assert.Equal("done", Encoding.ASCII.GetString(response.Body));
        byte[] controlBytes = await control.ReadAtLeastAsync(1);
        for (int i = 0; i < 50 && !HasGoAway(controlBytes); i++)
            controlBytes = await control.ReadAtLeastAsync(controlBytes.Length + 1, TimeSpan.FromSeconds(10));
        Assert.True(HasGoAway(controlBytes));
        await stopping.WaitAsync(TimeSpan.FromSeconds(15));
    }

    private static bool HasGoAway(byte[] controlStream)
    {
        if (controlStream.Length < 1 || controlStream[0] != 0x00)
            return false;
        try
        {
            return MiniHttp3.Frames(controlStream.AsSpan(1)).Any(f => f.Type == MiniHttp3.FrameGoAway);
        }
        catch (ArgumentOutOfRangeException)
        {
            return false; // a frame is still incomplete
        }
    }
}
