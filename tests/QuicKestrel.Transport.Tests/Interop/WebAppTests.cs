using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using QuicKestrel.Transport.Tests.Infrastructure;

namespace QuicKestrel.Transport.Tests.Interop;

/// <summary>The sample app under WebApplicationFactory, with ngtcp2's gtlsclient as the HTTP/3 client.</summary>
[Trait(TransportHarness.TraitName, TransportHarness.TraitValue)]
public class WebAppTests(WebAppFactory factory) : IClassFixture<WebAppFactory>
{
    [Fact]
    public void Our_transport_is_chosen_even_after_the_factorys_UseKestrel()
    {
        Assert.IsType<QuicTransportFactory>(factory.Services.GetServices<IMultiplexedConnectionListenerFactory>().Last());
    }

    [Fact]
    public async Task Home_page_says_http3_over_quic()
    {
        GtlsClient.Result result = await GtlsClient.RunAsync(factory.Port, ["/"]);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("<p id=\"protocol\">HTTP/3</p>", Encoding.UTF8.GetString(result.Downloaded("index.html")));
    }

    [Theory]
    [InlineData("1.1", "HTTP/1.1")]
    [InlineData("2.0", "HTTP/2")]
    public async Task Same_port_serves_tcp_protocols_and_advertises_http3(string version, string protocol)
    {
        using HttpClient client = factory.CreateTlsClient(Version.Parse(version));
        using HttpResponseMessage response = await client.GetAsync("/");
        Assert.Contains($"<p id=\"protocol\">{protocol}</p>", await response.Content.ReadAsStringAsync());
        Assert.Contains($"h3=\":{factory.Port}\"", string.Join(",", response.Headers.GetValues("Alt-Svc")));
    }

    [Fact]
    public async Task Ten_megabyte_download_is_bit_exact()
    {
        GtlsClient.Result result = await GtlsClient.RunAsync(factory.Port, ["/bytes/10000000"]);
        Assert.Equal(0, result.ExitCode);
        byte[] body = result.Downloaded("10000000");
        Assert.Equal(10_000_000, body.Length);
        for (int i = 0; i < body.Length; i++)
        {
            if (body[i] != (byte)(((ulong)i * 0x9E3779B97F4A7C15UL) >> 56))
                Assert.Fail($"byte {i} is {body[i]}");
        }
    }

    [Fact]
    public async Task Fifty_parallel_requests()
    {
        GtlsClient.Result result = await GtlsClient.RunAsync(factory.Port, ["/hello"], ["-n", "50"]);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Hello, world!", Encoding.UTF8.GetString(result.Downloaded("hello")));
    }

    [Fact]
    public async Task Ten_megabyte_upload_echoes_bit_exact()
    {
        string file = Path.GetTempFileName();
        byte[] body = TransportHarness.Pattern(10_000_000);
        await File.WriteAllBytesAsync(file, body);
        GtlsClient.Result result;
        try
        {
            result = await GtlsClient.RunAsync(factory.Port, ["/echo"], ["-m", "POST", "-d", file]);
        }
        finally
        {
            File.Delete(file);
        }
        Assert.Equal(0, result.ExitCode);
        Assert.True(body.AsSpan().SequenceEqual(result.Downloaded("echo")));
    }

    [Fact]
    public async Task Ten_gtlsclient_connections_with_hundred_requests_each()
    {
        GtlsClient.Result[] results = await Task.WhenAll(Enumerable.Range(0, 10)
            .Select(_ => GtlsClient.RunAsync(factory.Port, ["/bytes/1000"], ["-n", "100"], TimeSpan.FromSeconds(90))));
        Assert.All(results, r =>
        {
            Assert.Equal(0, r.ExitCode);
            Assert.Equal(1000, r.Downloaded("1000").Length);
        });
    }
}
