using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace QuicKestrel.Transport.Tests.Unit;

public class QuicTransportFactoryTests
{
    private static QuicTransportFactory CreateFactory() => new(Options.Create(new QuicTransportOptions()), NullLoggerFactory.Instance);

    [Fact]
    public void Can_bind_only_ip_endpoints()
    {
        QuicTransportFactory factory = CreateFactory();
        Assert.True(factory.CanBind(new IPEndPoint(IPAddress.Loopback, 0)));
        Assert.True(factory.CanBind(new IPEndPoint(IPAddress.IPv6Any, 443)));
        Assert.False(factory.CanBind(new UnixDomainSocketEndPoint("/tmp/quickestrel.sock")));
        Assert.False(factory.CanBind(new DnsEndPoint("localhost", 443)));
        Assert.False(factory.CanBind(new NamedPipeEndPoint("pipe")));
    }

    [Fact]
    public async Task Bind_without_https_configuration_fails()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            CreateFactory().BindAsync(new IPEndPoint(IPAddress.Loopback, 0), new FeatureCollection()).AsTask());
        Assert.Equal("Couldn't find HTTPS configuration for QUIC transport.", error.Message);
        await Assert.ThrowsAsync<InvalidOperationException>(() => CreateFactory().BindAsync(new IPEndPoint(IPAddress.Loopback, 0)).AsTask());
    }

    [Fact]
    public async Task Bind_without_application_protocols_fails()
    {
        var features = new FeatureCollection();
        features.Set(new TlsConnectionCallbackOptions
        {
            ApplicationProtocols = [],
            OnConnection = (_, _) => ValueTask.FromResult(new SslServerAuthenticationOptions()),
        });
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            CreateFactory().BindAsync(new IPEndPoint(IPAddress.Loopback, 0), features).AsTask());
        Assert.Contains("application protocols", error.Message);
    }

    [Fact]
    public async Task Bind_to_a_non_ip_endpoint_fails()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            CreateFactory().BindAsync(new UnixDomainSocketEndPoint("/tmp/quickestrel.sock"), new FeatureCollection()).AsTask());
    }
}
