using Microsoft.AspNetCore.Server.Kestrel.Core;
using QuicKestrel.Transport;
using WebApp;

var builder = WebApplication.CreateBuilder(args);

// One HTTPS port for HTTP/1.1, HTTP/2 (TCP) and HTTP/3 (UDP, through QuicKestrel); Kestrel
// advertises HTTP/3 with Alt-Svc on the TCP responses.
builder.WebHost.UseQuicTransport();
if (!SampleEndpoints.AreConfigured(builder.Configuration))
    builder.WebHost.UseUrls(SampleEndpoints.DefaultUrl);
builder.WebHost.ConfigureKestrel((context, kestrel) =>
{
    kestrel.ConfigureEndpointDefaults(listen => listen.Protocols = HttpProtocols.Http1AndHttp2AndHttp3);
    if (!SampleCertificate.IsConfigured(context.Configuration))
    {
        var certificate = SampleCertificate.CreateSelfSigned();
        kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = certificate);
        SampleCertificate.LogCreated(kestrel.ApplicationServices, certificate);
    }
});

var app = builder.Build();

app.MapGet("/", (HttpContext context) => Results.Content(SamplePages.Home(context.Request.Protocol), "text/html; charset=utf-8"));
app.MapGet("/hello", () => "Hello, world!");
app.MapGet("/bytes/{count:long}", SampleEndpoints.WriteBytesAsync);
app.MapPost("/echo", SampleEndpoints.EchoAsync);

app.Run();

/// <summary>The sample's entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
