using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using QuicKestrel.Transport.Tests.Infrastructure;
using WebApp;

namespace QuicKestrel.Transport.Tests.Interop;

/// <summary>
/// The sample WebApp under WebApplicationFactory with real Kestrel on a loopback port (TCP and
/// UDP), watched from the server side: the transport's log and every request's protocol and
/// connection, so a test can tell that a browser's request really arrived over our QUIC stack.
/// </summary>
public sealed class ChromiumWebAppFactory : WebApplicationFactory<Program>
{
    public ChromiumWebAppFactory()
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

    /// <summary>The server certificate's SHA-256 SPKI hash, for --ignore-certificate-errors-spki-list.</summary>
    public string SpkiHash { get; } = SampleCertificate.SpkiHash(TestCertificates.Server);

    internal RecordingLoggerProvider Logs { get; } = new();

    internal RequestRecorder Requests { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging =>
        {
            logging.AddProvider(Logs);
            logging.AddFilter<RecordingLoggerProvider>("QuicKestrel.Transport", LogLevel.Debug);
        });
        builder.ConfigureServices(services => services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter>(Requests));
    }
}
