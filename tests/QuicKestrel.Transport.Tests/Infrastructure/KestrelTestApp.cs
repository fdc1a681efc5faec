using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace QuicKestrel.Transport.Tests.Infrastructure;

/// <summary>A small ASP.NET Core app on real Kestrel + UseQuicTransport, on one loopback HTTPS port for HTTP/1.1, 2 and 3.</summary>
internal sealed class KestrelTestApp : IAsyncDisposable
{
    private KestrelTestApp(WebApplication app, int port)
    {
        App = app;
        Port = port;
    }

    public WebApplication App { get; }

    public int Port { get; }

    public IPEndPoint QuicEndPoint => new(IPAddress.Loopback, Port);

    public static async Task<KestrelTestApp> StartAsync(Action<WebApplication> map, Action<QuicTransportOptions>? configure = null, Action<KestrelServerOptions>? kestrel = null)
    {
        int port = FreePort.Next();
        WebApplicationBuilder builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseQuicTransport(configure);
        builder.WebHost.ConfigureKestrel(options =>
        {
            options.Listen(IPAddress.Loopback, port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2AndHttp3;
                listen.UseHttps(TestCertificates.Server);
            });
            kestrel?.Invoke(options);
        });
        WebApplication app = builder.Build();
        map(app);
        await app.StartAsync();
        return new KestrelTestApp(app, port);
    }

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await App.StopAsync(cts.Token);
        await App.DisposeAsync();
    }
}
