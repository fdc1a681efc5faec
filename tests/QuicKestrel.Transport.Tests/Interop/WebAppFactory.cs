using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using QuicKestrel.Transport.Tests.Infrastructure;

namespace QuicKestrel.Transport.Tests.Interop;

/// <summary>The sample WebApp under WebApplicationFactory with real Kestrel on a loopback port (TCP and UDP).</summary>
public sealed class WebAppFactory : WebApplicationFactory<Program>
{
    public WebAppFactory()
    {
        Port = FreePort.Next();
        UseKestrel(options => options.Listen(IPAddress.Loopback, Port, listen =>
        {
            listen.Protocols = HttpProtocols.Http1AndHttp2AndHttp3;
            listen.UseHttps(TestCertificates.Server);
        }));
        StartServer();
    }

    public int Port { get; }

    public HttpClient CreateTlsClient(Version version)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        return new HttpClient(handler)
        {
            BaseAddress = new Uri($"https://127.0.0.1:{Port}"),
            DefaultRequestVersion = version,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }
}
