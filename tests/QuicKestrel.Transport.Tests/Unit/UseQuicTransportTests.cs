using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QuicKestrel.Transport.Internal;
using QuicKestrel.Transport.Tests.Infrastructure;
using MsQuicFactory = Microsoft.AspNetCore.Server.Kestrel.Transport.Quic.QuicTransportFactory;

namespace QuicKestrel.Transport.Tests.Unit;

public class UseQuicTransportTests
{
    [Fact]
    public void Registers_our_factory_as_the_last_multiplexed_transport()
    {
        WebApplicationBuilder builder = CreateBuilder();
        builder.Services.AddSingleton<IMultiplexedConnectionListenerFactory, OtherMultiplexedFactory>();
        builder.WebHost.UseQuicTransport();
        using ServiceProvider services = builder.Services.BuildServiceProvider();
        Assert.IsType<QuicTransportFactory>(services.GetServices<IMultiplexedConnectionListenerFactory>().Last());
    }

    [Fact]
    public void Removes_kestrels_msquic_factory_by_type_name()
    {
        WebApplicationBuilder builder = CreateBuilder();
        builder.Services.AddSingleton<IMultiplexedConnectionListenerFactory, MsQuicFactory>();
        builder.WebHost.UseQuicTransport();
        Assert.Equal(QuicTransportWebHostBuilderExtensions.KestrelMsQuicFactoryTypeName, typeof(MsQuicFactory).FullName);
        Assert.DoesNotContain(builder.Services, d => d.ImplementationType == typeof(MsQuicFactory));
        Assert.Single(builder.Services, d => d.ImplementationType == typeof(QuicTransportFactory));
    }

    [Fact]
    public void Calling_it_twice_keeps_one_registration_and_both_configurations()
    {
        WebApplicationBuilder builder = CreateBuilder();
        builder.WebHost.UseQuicTransport(o => o.Backlog = 7);
        builder.WebHost.UseQuicTransport(o => o.MaxBidirectionalStreamCount = 42);
        using ServiceProvider services = builder.Services.BuildServiceProvider();
        Assert.Single(builder.Services, d => d.ImplementationType == typeof(QuicTransportFactory));
        Assert.Single(builder.Services, d => d.ImplementationType == typeof(QuicTransportStartupGuard));
        QuicTransportOptions options = services.GetRequiredService<IOptions<QuicTransportOptions>>().Value;
        Assert.Equal(7, options.Backlog);
        Assert.Equal(42, options.MaxBidirectionalStreamCount);
    }

    [Fact]
    public void Factory_is_built_by_dependency_injection_with_kestrels_memory_pool_factory()
    {
        WebApplicationBuilder builder = CreateBuilder();
        builder.WebHost.UseQuicTransport();
        using ServiceProvider services = builder.Services.BuildServiceProvider();
        Assert.NotNull(services.GetService<IMemoryPoolFactory<byte>>());
        Assert.IsType<QuicTransportFactory>(services.GetServices<IMultiplexedConnectionListenerFactory>().Last());
    }

    [Fact]
    public async Task Start_up_fails_loudly_when_another_transport_registered_later_would_be_chosen()
    {
        WebApplicationBuilder builder = CreateBuilder();
        builder.WebHost.UseQuicTransport();
        builder.Services.AddSingleton<IMultiplexedConnectionListenerFactory, MsQuicFactory>(); // as a later UseKestrel() would
        await using WebApplication app = builder.Build();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => app.StartAsync());
        Assert.Contains("UseQuicTransport()", error.Message);
        Assert.Contains(typeof(MsQuicFactory).FullName!, error.Message);
    }

    [Fact]
    public void Guard_accepts_later_factories_that_cannot_bind_ip_endpoints()
    {
        var ours = new QuicTransportFactory(Options.Create(new QuicTransportOptions()), LoggerFactory.Create(_ => { }));
        QuicTransportStartupGuard.EnsureQuicKestrelIsChosen([new OtherMultiplexedFactory(), ours, new NonIpMultiplexedFactory()]);
        Assert.Throws<InvalidOperationException>(() => QuicTransportStartupGuard.EnsureQuicKestrelIsChosen([ours, new OtherMultiplexedFactory()]));
        Assert.Throws<InvalidOperationException>(() => QuicTransportStartupGuard.EnsureQuicKestrelIsChosen([]));
    }

    private static WebApplicationBuilder CreateBuilder()
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseUrls("http://127.0.0.1:0"); // no HTTP/3 endpoint: nothing binds over QUIC
        builder.Logging.ClearProviders();
        return builder;
    }
}
