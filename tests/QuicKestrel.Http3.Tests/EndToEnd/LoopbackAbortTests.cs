using System.Collections.Concurrent;
using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Http3.Tests.EndToEnd;

[Trait("Category", "EndToEnd")]
public sealed class LoopbackAbortTests : EndToEndTest
{
    private const ulong RequestCancelled = (ulong)Http3ErrorCode.RequestCancelled;

    /// <summary>Records a server's stream events and waits for one matching a predicate.</summary>
    private sealed class StreamEvents
    {
        private readonly ConcurrentQueue<Http3ServerStreamEvent> _events = new();

        public StreamEvents(Http3Server server) => server.StreamAborted += _events.Enqueue;

        public async Task<Http3ServerStreamEvent> WaitAsync(Func<Http3ServerStreamEvent, bool> match)
        {
            DateTime deadline = DateTime.UtcNow + Timeout;
            while (DateTime.UtcNow < deadline)
            {
                foreach (Http3ServerStreamEvent evt in _events)
                {
                    if (match(evt))
                        return evt;
                }
                await Task.Delay(10);
            }
            throw new TimeoutException($"No matching stream event; saw: {string.Join(", ", _events)}");
        }
    }

    [Fact]
    public async Task AbortingTheSendDirectionResetsTheUploadWithTheCode()
    {
        Http3Server server = StartServer();
        var events = new StreamEvents(server);
        Http3Client client = await ConnectAsync(server);
        Http3RequestHandle handle = client.Start(new Http3Request("POST", "/echo") { BodyStream = new EndlessStream(), ResponseMode = Http3ResponseMode.Streamed });
        Http3Response response = await Bounded(handle.Response);
        var buffer = new byte[4096];
        Assert.True(await Bounded(response.BodyStream!.ReadAsync(buffer).AsTask()) > 0); // the echo is flowing

        handle.AbortSend(RequestCancelled);

        Http3ServerStreamEvent seen = await events.WaitAsync(e => e.Kind == Http3ServerStreamEventKind.PeerReset);
        Assert.Equal(RequestCancelled, seen.ErrorCode);
        Assert.Equal(handle.StreamId, seen.StreamId);
        // The server answers an incomplete request with H3_REQUEST_INCOMPLETE (RFC 9114 §4.1.2).
        var failure = await Assert.ThrowsAsync<Http3Exception>(async () =>
        {
            while (await response.BodyStream.ReadAsync(buffer).AsTask().WaitAsync(Timeout) > 0)
            {
            }
        });
        Assert.Equal(Http3FailureKind.StreamReset, failure.Kind);
        Assert.Equal((ulong)Http3ErrorCode.RequestIncomplete, failure.ErrorCode);
    }

    [Fact]
    public async Task AbortingTheReceiveDirectionSendsStopSendingWithTheCode()
    {
        Http3Server server = StartServer();
        var events = new StreamEvents(server);
        Http3Client client = await ConnectAsync(server);
        Http3RequestHandle handle = client.Start(new Http3Request("GET", "/bytes/1000000000") { ResponseMode = Http3ResponseMode.Streamed });
        Http3Response response = await Bounded(handle.Response);
        var buffer = new byte[4096];
        Assert.True(await Bounded(response.BodyStream!.ReadAsync(buffer).AsTask()) > 0);

        handle.AbortReceive(0x1234);

        Http3ServerStreamEvent seen = await events.WaitAsync(e => e.Kind == Http3ServerStreamEventKind.PeerStopSending);
        Assert.Equal(0x1234UL, seen.ErrorCode);
        var failure = await Assert.ThrowsAsync<Http3Exception>(async () => _ = await response.BodyStream.ReadAsync(buffer.AsMemory()).AsTask().WaitAsync(Timeout));
        Assert.Equal(Http3FailureKind.LocallyAborted, failure.Kind);
        Assert.Equal(0x1234UL, failure.ErrorCode);
    }

    [Theory]
    [InlineData(0x10BUL)]
    [InlineData(0x10CUL)]
    [InlineData(0x4242UL)]
    public async Task AServerResetSurfacesWithItsCode(ulong code)
    {
        Http3Server server = StartServer();
        Http3Client client = await ConnectAsync(server);

        var failure = await Assert.ThrowsAsync<Http3Exception>(() => Bounded(client.GetAsync($"/reset/0x{code:x}")));

        Assert.Equal(Http3FailureKind.StreamReset, failure.Kind);
        Assert.Equal(code, failure.ErrorCode);
        Assert.Equal(code == (ulong)Http3ErrorCode.RequestRejected, failure.IsRetryable);
        Assert.Equal(200, (await Bounded(client.GetAsync("/bytes/10"))).Status); // the connection lives on
    }

    [Fact]
    public async Task AServerStopSendingFailsTheUploadWithItsCode()
    {
        Http3Server server = StartServer();
        Http3Client client = await ConnectAsync(server);

        var failure = await Assert.ThrowsAsync<Http3Exception>(() =>
            Bounded(client.SendAsync(new Http3Request("POST", "/stop/0x10c") { BodyStream = new EndlessStream() })));

        Assert.True(failure.Kind is Http3FailureKind.StopSending or Http3FailureKind.StreamReset, failure.Kind.ToString());
        Assert.Equal(RequestCancelled, failure.ErrorCode);
    }

    [Fact]
    public async Task StopSendingWithNoErrorStillDeliversTheResponse()
    {
        // RFC 9114 §4.1.1: the server answers before reading the whole request and stops the upload with H3_NO_ERROR.
        Http3Server server = StartServer();
        Http3Client client = await ConnectAsync(server);
        var upload = new EndlessStream();

        Http3Response response = await Bounded(client.SendAsync(new Http3Request("POST", "/stop/0x100") { BodyStream = upload }));

        Assert.Equal(200, response.Status);
        Assert.Equal("stopped", System.Text.Encoding.ASCII.GetString(response.Body.Span));
        long position = upload.Position;
        await Task.Delay(200);
        Assert.True(upload.Position - position <= 4 * 64 * 1024, "the upload stopped");
    }

    [Fact]
    public async Task CancellationAbortsBothDirectionsWithRequestCancelled()
    {
        Http3Server server = StartServer();
        var events = new StreamEvents(server);
        Http3Client client = await ConnectAsync(server);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Bounded(client.SendAsync(new Http3Request("GET", "/delay/10000"), cancel.Token)));

        Http3ServerStreamEvent seen = await events.WaitAsync(e => e.Kind is Http3ServerStreamEventKind.PeerReset or Http3ServerStreamEventKind.PeerStopSending);
        Assert.Equal(RequestCancelled, seen.ErrorCode);
        Assert.Equal(200, (await Bounded(client.GetAsync("/bytes/10"))).Status);
    }

    [Fact]
    public async Task ClosingTheClientSendsNoError()
    {
        Http3Server server = StartServer();
        var closed = new TaskCompletionSource<Http3ServerConnectionClosed>(TaskCreationOptions.RunContinuationsAsynchronously);
        server.ConnectionClosing += e => closed.TrySetResult(e);
        Http3Client client = await ConnectAsync(server);
        await Bounded(client.GetAsync("/bytes/1"));

        await Bounded(client.CloseAsync());

        Http3ServerConnectionClosed seen = await Bounded(closed.Task);
        Assert.True(seen.ByPeer);
        Assert.Equal((ulong)Http3ErrorCode.NoError, seen.ErrorCode);
        Assert.True(client.Closed.IsCompleted);
        var failure = await Assert.ThrowsAsync<Http3Exception>(() => client.GetAsync("/bytes/1"));
        Assert.Equal(Http3FailureKind.ConnectionClosed, failure.Kind);
    }

    [Fact]
    public async Task GracefulServerShutdownDrainsRequestsInFlightAndRefusesNewOnes()
    {
        Http3Server server = StartServer();
        Http3Client client = await ConnectAsync(server);
        Task<Http3Response> inFlight = client.GetAsync("/delay/500");
        DateTime deadline = DateTime.UtcNow + Timeout;
        while (server.RequestCount == 0 && DateTime.UtcNow < deadline)
            await Task.Delay(5);

        Task stopping = server.StopAsync(TimeSpan.FromSeconds(10));

        Http3Response response = await Bounded(inFlight);
        Assert.Equal(200, response.Status);
        Assert.Equal("delayed", System.Text.Encoding.ASCII.GetString(response.Body.Span));
        await Bounded(stopping);
        await Bounded(client.Closed);
        Assert.NotNull(client.GoAwayStreamId);
        Assert.Equal((ulong)Http3ErrorCode.NoError, client.CloseReason?.ErrorCode);
        var refused = await Assert.ThrowsAsync<Http3Exception>(() => client.GetAsync("/bytes/1"));
        Assert.True(refused.Kind is Http3FailureKind.GoAway or Http3FailureKind.ConnectionClosed, refused.Kind.ToString());
    }
}
