using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using QuicKestrel.Http3;
using QuicKestrel.Http3.Framing;
using QuicKestrel.Transport.Tests.Infrastructure;

namespace QuicKestrel.Transport.Tests.Live;

/// <summary>Kestrel's own HTTP/3 over the transport, driven by the QuicKestrel.Http3 client (and frame by frame where it must be).</summary>
[Trait(TransportHarness.TraitName, TransportHarness.TraitValue)]
public class KestrelHttp3Tests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    private static void MapBasics(WebApplication app)
    {
        app.MapGet("/protocol", (HttpContext c) => c.Request.Protocol);
        app.MapPost("/echo", WebApp.SampleEndpoints.EchoAsync);
    }

    private static Task<Http3Client> ConnectAsync(KestrelTestApp server) =>
        Http3Client.ConnectAsync(new Http3ClientOptions { Host = "127.0.0.1", Port = server.Port }).WaitAsync(s_timeout);

    [Fact]
    public async Task Get_is_served_over_http3()
    {
        await using KestrelTestApp server = await KestrelTestApp.StartAsync(MapBasics);
        await using Http3Client client = await ConnectAsync(server);
        Http3Response response = await client.GetAsync("/protocol");
        Assert.Equal(200, response.Status);
        Assert.Equal("HTTP/3", Encoding.ASCII.GetString(response.Body.Span));
    }

    [Fact]
    public async Task Hundred_concurrent_requests_on_one_connection()
    {
        await using KestrelTestApp server = await KestrelTestApp.StartAsync(MapBasics);
        await using Http3Client client = await ConnectAsync(server);
        Http3Response[] responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => client.GetAsync("/protocol")));
        Assert.All(responses, r => Assert.Equal(200, r.Status));
    }

    [Fact]
    public async Task Ten_connections_times_hundred_requests()
    {
        await using KestrelTestApp server = await KestrelTestApp.StartAsync(MapBasics);
        await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
        {
            await using Http3Client client = await ConnectAsync(server);
            Http3Response[] responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => client.GetAsync("/protocol")));
            Assert.All(responses, r => Assert.Equal("HTTP/3", Encoding.ASCII.GetString(r.Body.Span)));
        }));
    }

    [Fact]
    public async Task Ten_megabyte_upload_echoes_bit_exact()
    {
        await using KestrelTestApp server = await KestrelTestApp.StartAsync(MapBasics);
        await using Http3Client client = await ConnectAsync(server);
        byte[] body = TransportHarness.Pattern(10_000_000);
        Http3Response response = await client.PostAsync("/echo", body);
        Assert.Equal(200, response.Status);
        Assert.True(body.AsSpan().SequenceEqual(response.Body.Span));
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
        await using Http3Client client = await ConnectAsync(server);
        // 4 KiB of content, then the upload stays open until the client aborts it.
        var upload = new Pipe();
        await upload.Writer.WriteAsync(new byte[4096]);
        Http3RequestHandle request = client.Start(new Http3Request("POST", "/upload") { BodyStream = upload.Reader.AsStream() });
        await bodyStarted.Task.WaitAsync(s_timeout);
        request.AbortSend((ulong)Http3ErrorCode.RequestCancelled);
        (string message, bool aborted) = await seen.Task.WaitAsync(s_timeout);
        Assert.Equal("The client reset the request stream.", message);
        Assert.True(aborted);
        await upload.Writer.CompleteAsync();
    }

    [Fact]
    public async Task Server_abort_resets_the_stream_with_H3_INTERNAL_ERROR()
    {
        await using KestrelTestApp server = await KestrelTestApp.StartAsync(app => app.MapGet("/abort", (HttpContext c) => c.Abort()));
        await using Http3Client client = await ConnectAsync(server);
        var failure = await Assert.ThrowsAsync<Http3Exception>(() => client.GetAsync("/abort").WaitAsync(s_timeout));
        Assert.Equal(Http3FailureKind.StreamReset, failure.Kind);
        Assert.Equal((ulong)Http3ErrorCode.InternalError, failure.ErrorCode);
    }

    [Fact]
    public async Task Trailers_arrive_in_a_second_headers_frame()
    {
        await using KestrelTestApp server = await KestrelTestApp.StartAsync(app => app.MapGet("/trailers", async (HttpContext c) =>
        {
            await c.Response.WriteAsync("body");
            c.Response.AppendTrailer("x-checksum", "abc123");
        }));
        await using Http3Client client = await ConnectAsync(server);
        Http3Response response = await client.GetAsync("/trailers");
        Assert.Equal(200, response.Status);
        Assert.Equal("body", Encoding.ASCII.GetString(response.Body.Span));
        Assert.Contains(new Http3Field("x-checksum", "abc123"), response.Trailers);
    }

    // Raw on purpose: Kestrel's first GOAWAY carries 2^62-1, which is not a client-initiated
    // bidirectional stream ID, so the strict Http3Client closes the connection with H3_ID_ERROR
    // (RFC 9114 §5.2) before the drained response could be seen.
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
        await RawHttp3.OpenControlStreamAsync(client);
        QuicTestStream control = await client.AcceptStreamAsync().AsTask().WaitAsync(s_timeout);
        Assert.True(control.IsUnidirectional);
        QuicTestStream request = await client.OpenStreamAsync();
        await request.SendAsync(RawHttp3.Request("GET", "/slow"), fin: true);
        await started.Task.WaitAsync(s_timeout);

        Task stopping = server.DisposeAsync().AsTask();
        RawHttp3.Response response = RawHttp3.ParseResponse(await request.ReadToEndAsync());
        Assert.Equal(200, response.Status);
        Assert.Equal("done", Encoding.ASCII.GetString(response.Body));
        byte[] controlBytes = await control.ReadAtLeastAsync(1);
        for (int i = 0; i < 50 && !HasGoAway(controlBytes); i++)
            controlBytes = await control.ReadAtLeastAsync(controlBytes.Length + 1, s_timeout);
        Assert.True(HasGoAway(controlBytes));
        await stopping.WaitAsync(TimeSpan.FromSeconds(15));
    }

    private static bool HasGoAway(byte[] controlStream) =>
        controlStream.Length > 0 && controlStream[0] == Http3StreamType.Control
        && RawHttp3.Frames(controlStream.AsSpan(1)).Exists(f => f.Type == Http3FrameType.GoAway);
}
