using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using QuicKestrel.Transport.Internal;

namespace QuicKestrel.Transport;

/// <summary>Plugs the QuicKestrel transport into Kestrel.</summary>
public static class QuicTransportWebHostBuilderExtensions
{
    /// <summary>Full name of Kestrel's own (msquic-based) factory, an internal type.</summary>
    internal const string KestrelMsQuicFactoryTypeName = "Microsoft.AspNetCore.Server.Kestrel.Transport.Quic.QuicTransportFactory";

    /// <summary>
    /// Makes Kestrel serve HTTP/3 through QuicKestrel: registers <see cref="QuicTransportFactory"/>
    /// as the last multiplexed transport (Kestrel uses the last one that can bind), removes
    /// Kestrel's msquic-based factory where libmsquic registered it, and adds a start-up check
    /// that fails the host loudly if another multiplexed transport would still be chosen (for
    /// example because <c>UseKestrel()</c> was called again afterwards).
    /// </summary>
    /// <param name="builder">The web host builder (<c>WebApplicationBuilder.WebHost</c>).</param>
    /// <param name="configure">Changes the <see cref="QuicTransportOptions"/>.</param>
    /// <returns>The builder.</returns>
    public static IWebHostBuilder UseQuicTransport(this IWebHostBuilder builder, Action<QuicTransportOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.ConfigureServices(services =>
        {
            services.RemoveAll(descriptor => descriptor.ServiceType == typeof(IMultiplexedConnectionListenerFactory) && IsReplaced(descriptor));
            services.AddSingleton<IMultiplexedConnectionListenerFactory, QuicTransportFactory>();
            services.AddOptions<QuicTransportOptions>();
            if (configure is not null)
                services.Configure(configure);
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IStartupFilter, QuicTransportStartupGuard>());
        });
    }

    // Ours (so a second call keeps one registration, last) and Kestrel's msquic factory.
    private static bool IsReplaced(ServiceDescriptor descriptor)
    {
        Type? type = descriptor.IsKeyedService ? descriptor.KeyedImplementationType : descriptor.ImplementationType;
        return type == typeof(QuicTransportFactory) || type?.FullName == KestrelMsQuicFactoryTypeName;
    }

    private static void RemoveAll(this IServiceCollection services, Func<ServiceDescriptor, bool> match)
    {
        for (int i = services.Count - 1; i >= 0; i--)
        {
            if (match(services[i]))
                services.RemoveAt(i);
        }
    }
}
