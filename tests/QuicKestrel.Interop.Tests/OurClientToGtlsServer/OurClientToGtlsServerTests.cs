using QuicKestrel.Http3;
using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Interop.Tests.OurClientToGtlsServer;

/// <summary>Our client → ngtcp2 0.12's gtlsserver (GnuTLS), over UDP on loopback.</summary>
[Trait("Category", "Interop")]
public sealed class OurClientToGtlsServerTests : OurClientTest
{
    [Fact]
    public async Task Handshake_and_a_small_GET()
    {
        await StartGtlsServerAsync([("small", 1000)]);

        Http3Client client = await ConnectAsync();
        await GetBitExactAsync(client, "small", 1000);

        Assert.False(client.SessionResumed);
        Assert.Equal(QuicTlsProtocolVersion.Tls13, HandshakeInfo(client).TlsProtocolVersion);
    }

    [Fact]
    public async Task Downloads_10_MB_bit_exact()
    {
        await StartGtlsServerAsync([("big", 10_000_000)]);

        Http3Client client = await ConnectAsync();
        await GetBitExactAsync(client, "big", 10_000_000);
    }

    [Fact]
    public async Task ChaCha20_Poly1305_only()
    {
        await StartGtlsServerAsync([("small", 100_000)]);
        Http3ClientOptions options = ClientOptions();
        options.AllowedCipherSuites = QuicAllowedCipherSuiteFlags.ChaCha20Poly1305Sha256;

        Http3Client client = await ConnectAsync(options);
        await GetBitExactAsync(client, "small", 100_000);

        QuicHandshakeInfo info = HandshakeInfo(client);
        Assert.Equal(QuicCipherSuite.TlsChaCha20Poly1305Sha256, info.CipherSuite);
        Assert.Equal(QuicCipherAlgorithm.ChaCha20, info.CipherAlgorithm);
    }

    [Fact]
    public async Task ChaCha20_Poly1305_only_on_gtlsservers_side()
    {
        await StartGtlsServerAsync([("small", 100_000)], ["--ciphers=NORMAL:-VERS-ALL:+VERS-TLS1.3:-CIPHER-ALL:+CHACHA20-POLY1305"], quiet: false);

        Http3Client client = await ConnectAsync();
        await GetBitExactAsync(client, "small", 100_000);

        Assert.Equal(QuicCipherSuite.TlsChaCha20Poly1305Sha256, HandshakeInfo(client).CipherSuite);
        Assert.True(Server.Log.Contains("Negotiated cipher suite is CHACHA20-POLY1305", StringComparison.Ordinal), Server.Describe());
    }

    // Our API, like MsQuic's, has no key-exchange group setting, so gtlsserver is restricted
    // instead. Our client's first key share is x25519: a secp256r1-only server answers with a
    // HelloRetryRequest, which this also covers.
    [Theory]
    [InlineData("X25519", QuicTlsGroup.X25519)]
    [InlineData("SECP256R1", QuicTlsGroup.Secp256r1)]
    public async Task One_key_exchange_group_only(string gnutlsGroup, QuicTlsGroup expected)
    {
        await StartGtlsServerAsync([("small", 100_000)], [$"--groups=-GROUP-ALL:+GROUP-{gnutlsGroup}"]);

        Http3Client client = await ConnectAsync();
        await GetBitExactAsync(client, "small", 100_000);

        Assert.Equal(expected, HandshakeInfo(client).TlsGroup);
    }

    [Fact]
    public async Task Resumption_with_0_RTT()
    {
        await StartGtlsServerAsync([("small", 1000), ("early", 20_000)], quiet: false);
        Http3Client first = await ConnectAsync();
        await GetBitExactAsync(first, "small", 1000);
        byte[] ticket = await Bounded(first.ResumptionTicket, "gtlsserver's session ticket");
        await first.CloseAsync();

        Http3ClientOptions options = ClientOptions();
        options.ResumptionTicket = ticket;
        options.AllowEarlyData = true;
        Http3Client second = Own(Http3Client.Create(options));
        // Started before the handshake: the request goes in 0-RTT packets of the first flight.
        Http3RequestHandle early = second.Start(new Http3Request("GET", "/early"));
        using (var timeout = new CancellationTokenSource(Timeout))
            await second.StartAsync(timeout.Token);
        Http3Response response = await RequestAsync(early.Response, "early");

        Assert.Equal(200, response.Status);
        AssertBitExact(response.Body.Span, 20_000, "GET /early (0-RTT) from gtlsserver");
        Assert.True(second.SessionResumed, "CONNECTED did not report SessionResumed");
        Assert.True(early.ZeroRttLength > 0, $"gtlsserver did not accept the request in 0-RTT.\n{Server.Describe()}");
        Assert.True(Server.Log.Contains("type=0RTT", StringComparison.Ordinal), $"gtlsserver logged no 0-RTT packet.\n{Server.Describe()}");
    }

    // Our API has no call that forces a key update (MsQuic's FORCE_KEY_UPDATE is not in it);
    // a tiny MaxBytesPerKey makes our client update its keys after every kilobyte it sends
    // (acknowledgements), and gtlsserver must follow each update.
    [Fact]
    public async Task Key_updates_initiated_by_our_client()
    {
        await StartGtlsServerAsync([("big", 10_000_000)]);
        Http3ClientOptions options = ClientOptions();
        options.TransportSettings = new QuicSettings { MaxBytesPerKey = 1024 };

        Http3Client client = await ConnectAsync(options);
        await GetBitExactAsync(client, "big", 10_000_000);

        uint updates = Statistics(client).KeyUpdateCount;
        Assert.True(updates >= 2, $"our client made {updates} key updates.\n{Server.Describe()}");
    }

    [Fact]
    public async Task Five_percent_loss_each_way()
    {
        // gtlsserver drops whole send calls: one datagram per call makes it 5 % of packets, not of
        // GSO batches. Not quiet: it logs each drop.
        await StartGtlsServerAsync([("medium", 2_000_000)], ["-t", "0.05", "-r", "0.05", "--max-gso-dgrams=1"], quiet: false);

        Http3Client client = await ConnectAsync();
        await GetBitExactAsync(client, "medium", 2_000_000);

        // Our client sends only ~100 packets (mostly acknowledgements), so only the ~1,500 the
        // server sends are sure to see drops; the drops of ours are counted for the message.
        int dropsOut = Count(Server.Log, "Simulated outgoing packet loss"), dropsIn = Count(Server.Log, "Simulated incoming packet loss");
        Assert.True(dropsOut >= 10, $"gtlsserver dropped only {dropsOut} of the packets it sent (and {dropsIn} of ours): recovery was hardly tested");
    }

    private static int Count(string text, string value)
    {
        int count = 0;
        for (int at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
            count++;
        return count;
    }

    [Fact]
    public async Task Fifty_requests_in_parallel_on_one_connection()
    {
        await StartGtlsServerAsync([("small", 100_000)]);
        Http3Client client = await ConnectAsync();

        Http3RequestHandle[] requests = [.. Enumerable.Range(0, 50).Select(_ => client.Start(new Http3Request("GET", "/small")))];
        Http3Response[] responses = await RequestAsync(Task.WhenAll(requests.Select(r => r.Response)), "small ×50");

        foreach (Http3Response response in responses)
        {
            Assert.Equal(200, response.Status);
            AssertBitExact(response.Body.Span, 100_000, "GET /small from gtlsserver");
        }
        Assert.Equal(50, requests.Select(r => r.StreamId).Distinct().Count());
    }
}
