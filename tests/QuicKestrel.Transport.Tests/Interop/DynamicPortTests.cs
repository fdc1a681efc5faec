using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using QuicKestrel.Transport.Tests.Infrastructure;

namespace QuicKestrel.Transport.Tests.Interop;

public class DynamicPortTests
{
    [Fact]
    public async Task Http3_is_not_bound_on_a_dynamic_port_shared_with_tcp()
    {
        var logs = new RecordingLoggerProvider();
        WebApplicationBuilder builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Logging.AddProvider(logs);
        builder.WebHost.UseQuicTransport();
        builder.WebHost.ConfigureKestrel(options => options.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http1AndHttp2AndHttp3;
            listen.UseHttps(TestCertificates.Server);
        }));
        await using WebApplication app = builder.Build();
        app.MapGet("/", (HttpContext c) => c.Request.Protocol);
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();

        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        using var client = new HttpClient(handler) { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using HttpResponseMessage response = await client.GetAsync(address);
        Assert.Equal("HTTP/2", await response.Content.ReadAsStringAsync());
        // Kestrel refuses to bind HTTP/3 on the port TCP picked (it logs an error instead), so the
        // transport is never asked to listen.
        Assert.DoesNotContain(logs.Messages, m => m.Category == "QuicKestrel.Transport" && m.EventName == "ListenerStarted");
        Assert.Contains(logs.Messages, m => m.Message.Contains("Dynamic port", StringComparison.OrdinalIgnoreCase) && m.Message.Contains("HTTP/3"));
        await app.StopAsync();
    }
}
