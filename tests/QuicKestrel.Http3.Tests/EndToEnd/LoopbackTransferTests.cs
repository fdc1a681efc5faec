namespace QuicKestrel.Http3.Tests.EndToEnd;

[Trait("Category", "EndToEnd")]
public sealed class LoopbackTransferTests : EndToEndTest
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1 << 20)]
    [InlineData(10_000_000)]
    public async Task GetBytesIsBitExact(int length)
    {
        Http3Server server = StartServer();
        Http3Client client = await ConnectAsync(server);

        Http3Response response = await Bounded(client.GetAsync($"/bytes/{length}"));

        Assert.Equal(200, response.Status);
        Assert.Equal(length.ToString(System.Globalization.CultureInfo.InvariantCulture), response.GetHeader("content-length"));
        AssertDeterministic(response.Body.Span, length);
        Assert.Equal(length, response.BodyLength);
    }

    [Fact]
    public async Task AStreamedDownloadIsBitExactThroughBackPressure()
    {
        Http3Server server = StartServer();
        Http3Client client = await ConnectAsync(server, o => o.StreamedBodyBufferSize = 16 * 1024);
        const int length = 10_000_000;

        Http3Response response = await Bounded(client.SendAsync(new Http3Request("GET", $"/bytes/{length}") { ResponseMode = Http3ResponseMode.Streamed }));
        Assert.NotNull(response.BodyStream);
        long offset = 0;
        var buffer = new byte[50_000];
        using var timeout = new CancellationTokenSource(Timeout);
        while (true)
        {
            int read = await response.BodyStream.ReadAsync(buffer, timeout.Token);
            if (read == 0)
                break;
            Assert.Equal(-1, DeterministicContent.FindMismatch(offset, buffer.AsSpan(0, read)));
            offset += read;
        }
        Assert.Equal(length, offset);
        Assert.Equal(length, response.BodyLength);
    }

    [Fact]
    public async Task PostEchoReturnsTheBody()
    {
        Http3Server server = StartServer();
        Http3Client client = await ConnectAsync(server);
        byte[] body = DeterministicContent.Create(1 << 20);

        Http3Response response = await Bounded(client.PostAsync("/echo", body));

        Assert.Equal(200, response.Status);
        Assert.Equal(body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), response.GetHeader("content-length"));
        AssertDeterministic(response.Body.Span, body.Length);
    }

    [Fact]
    public async Task AStreamedUploadWithTrailersIsEchoed()
    {
        Http3Server server = StartServer();
        Http3Client client = await ConnectAsync(server, o => o.UseHuffman = true);
        byte[] body = DeterministicContent.Create(3_000_001);
        var request = new Http3Request("PUT", "/echo")
        {
            BodyStream = new MemoryStream(body),
            Trailers = [new Http3Field("x-checksum", "abc")],
        };
        request.Headers.Add(new Http3Field("user-agent", "QuicKestrel.Http3 tests"));

        Http3Response response = await Bounded(client.SendAsync(request));

        Assert.Equal(200, response.Status);
        AssertDeterministic(response.Body.Span, body.Length);
    }

    [Fact]
    public async Task ServesContentFromTheProviderAndTheDirectory()
    {
        string root = Directory.CreateTempSubdirectory("h3-content-").FullName;
        await File.WriteAllTextAsync(Path.Combine(root, "index.html"), "<p>hello</p>");
        try
        {
            Http3Server server = StartServer(new Http3ServerOptions
            {
                ContentRoot = root,
                ContentProvider = name => name == "hello" ? "hello over HTTP/3"u8.ToArray() : null,
                UseHuffman = true,
            });
            Http3Client client = await ConnectAsync(server);

            Assert.Equal("hello over HTTP/3", System.Text.Encoding.ASCII.GetString((await Bounded(client.GetAsync("/hello"))).Body.Span));
            Assert.Equal("<p>hello</p>", System.Text.Encoding.ASCII.GetString((await Bounded(client.GetAsync("/index.html"))).Body.Span));
            Assert.Equal(404, (await Bounded(client.GetAsync("/missing"))).Status);
            Assert.Equal(405, (await Bounded(client.PostAsync("/hello", new byte[1]))).Status);
            Http3Response head = await Bounded(client.SendAsync(new Http3Request("HEAD", "/hello")));
            Assert.Equal("17", head.GetHeader("content-length"));
            Assert.Equal(0, head.BodyLength);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task AHundredConcurrentRequestsShareOneConnectionBeyondTheStreamLimit()
    {
        // The server allows 10 request streams at a time: the other 90 wait for credit (STREAMS_AVAILABLE).
        Http3Server server = StartServer(new Http3ServerOptions { MaxConcurrentRequests = 10 });
        Http3Client client = await ConnectAsync(server);

        Task<Http3Response>[] requests = [.. Enumerable.Range(0, 100).Select(i => client.GetAsync($"/bytes/{i * 1000}"))];
        Http3Response[] responses = await Bounded(Task.WhenAll(requests));

        for (int i = 0; i < responses.Length; i++)
        {
            Assert.Equal(200, responses[i].Status);
            AssertDeterministic(responses[i].Body.Span, i * 1000);
        }
        Assert.Equal(100, responses.Select(r => r.StreamId).Distinct().Count());
        Assert.Equal(100, server.RequestCount);
    }

    [Fact]
    public async Task TheLoadRunnerMeasuresRequestsOverSharedEndpointConnections()
    {
        Http3Server server = StartServer();
        Http3ClientOptions options = ClientOptions(server);
        using Http3ClientEndpoint endpoint = Http3ClientEndpoint.Open(options);
        await using Http3Client first = await Http3Client.ConnectAsync(endpoint, options);
        await using Http3Client second = await Http3Client.ConnectAsync(endpoint, options);
        var request = new Http3Request("POST", "/bytes/4000") { Body = new byte[512], ResponseMode = Http3ResponseMode.Discarded };

        Http3LoadResult result = await Bounded(Http3LoadRunner.RunAsync([first, second], request, concurrency: 16, totalRequests: 400));

        Assert.Equal(0, result.Failed);
        Assert.Equal(400, result.Completed);
        Assert.Equal(400L * 4000, result.ResponseBytes);
        Assert.Equal(400, result.StatusCounts[200]);
        Assert.True(result.Percentile(0.5) <= result.Percentile(0.99));
        Assert.True(result.RequestsPerSecond > 0);
    }

    [Fact]
    public async Task ResumptionSendsEarlyData()
    {
        Http3Server server = StartServer(new Http3ServerOptions { EnableResumption = true });
        byte[] ticket;
        await using (Http3Client first = await Http3Client.ConnectAsync(ClientOptions(server)))
        {
            Assert.False(first.SessionResumed);
            ticket = await Bounded(first.ResumptionTicket);
        }

        Http3ClientOptions options = ClientOptions(server);
        options.ResumptionTicket = ticket;
        options.AllowEarlyData = true;
        await using Http3Client second = Http3Client.Create(options);
        Task<Http3Response> early = second.GetAsync("/bytes/1000"); // queued before the handshake: 0-RTT
        await Bounded(second.StartAsync());

        Http3Response response = await Bounded(early);
        Assert.True(second.SessionResumed);
        AssertDeterministic(response.Body.Span, 1000);
    }

    [Fact]
    public async Task TheClientReceivesTheServerSettings()
    {
        Http3Server server = StartServer();
        Http3Client client = await ConnectAsync(server);
        await Bounded(client.GetAsync("/bytes/1")); // the control stream has certainly been read by now or soon after
        DateTime deadline = DateTime.UtcNow + Timeout;
        while (client.PeerSettings is null && DateTime.UtcNow < deadline)
            await Task.Delay(10);
        Assert.NotNull(client.PeerSettings);
        Assert.Equal(0UL, client.PeerSettings.QpackMaxTableCapacity);
        Assert.Equal((ulong)QuicKestrel.Http3.Qpack.QpackDecoder.DefaultMaxFieldSectionSize, client.PeerSettings.MaxFieldSectionSize);
    }
}
