using System.Buffers;
using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QuicKestrel.Protocol.Api;
using QuicKestrel.Transport.Internal;

namespace QuicKestrel.Transport;

/// <summary>
/// Kestrel's multiplexed (HTTP/3) transport on the QuicKestrel stack. Registered by
/// <see cref="QuicTransportWebHostBuilderExtensions.UseQuicTransport"/>; Kestrel calls
/// <see cref="BindAsync"/> for every endpoint that serves HTTP/3, with its HTTPS settings in
/// the features.
/// </summary>
public sealed class QuicTransportFactory : IMultiplexedConnectionListenerFactory, IConnectionListenerFactorySelector
{
    private readonly QuicTransportOptions _options;
    private readonly ILogger _logger;
    private readonly IMemoryPoolFactory<byte>? _memoryPoolFactory;

    /// <summary>Creates the factory; normally done by dependency injection.</summary>
    /// <param name="options">The transport options.</param>
    /// <param name="loggerFactory">Where the transport logs (category <c>QuicKestrel.Transport</c>).</param>
    /// <param name="memoryPoolFactory">Kestrel's pinned-block memory pool factory, when registered; otherwise the shared array pool is used.</param>
    public QuicTransportFactory(IOptions<QuicTransportOptions> options, ILoggerFactory loggerFactory, IMemoryPoolFactory<byte>? memoryPoolFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _options = options.Value;
        _logger = loggerFactory.CreateLogger("QuicKestrel.Transport");
        _memoryPoolFactory = memoryPoolFactory;
    }

    /// <summary>QUIC runs over UDP, so only IP endpoints can be bound.</summary>
    /// <param name="endpoint">The endpoint Kestrel wants to bind.</param>
    /// <returns>True for an <see cref="IPEndPoint"/>.</returns>
    public bool CanBind(EndPoint endpoint) => endpoint is IPEndPoint;

    /// <summary>
    /// Starts a QUIC listener on <paramref name="endpoint"/> (port 0 picks a free port; the
    /// listener's <see cref="IMultiplexedConnectionListener.EndPoint"/> reports it).
    /// </summary>
    /// <param name="endpoint">An <see cref="IPEndPoint"/>.</param>
    /// <param name="features">Must hold Kestrel's <see cref="TlsConnectionCallbackOptions"/> with at least one ALPN.</param>
    /// <param name="cancellationToken">Unused: binding completes synchronously.</param>
    /// <returns>The started listener.</returns>
    /// <exception cref="InvalidOperationException">No HTTPS configuration, no ALPN, or not an IP endpoint.</exception>
    /// <exception cref="AddressInUseException">The UDP port is already in use.</exception>
    public ValueTask<IMultiplexedConnectionListener> BindAsync(EndPoint endpoint, IFeatureCollection? features = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (endpoint is not IPEndPoint ipEndPoint)
            throw new InvalidOperationException($"QUIC doesn't support listening on the configured endpoint type. Expected {nameof(IPEndPoint)} but got {endpoint.GetType().Name}.");
        TlsConnectionCallbackOptions tls = features?.Get<TlsConnectionCallbackOptions>()
            ?? throw new InvalidOperationException("Couldn't find HTTPS configuration for QUIC transport.");
        if (tls.ApplicationProtocols is null || tls.ApplicationProtocols.Count == 0)
            throw new InvalidOperationException("No application protocols specified for QUIC transport.");
        MemoryPool<byte> pool = _memoryPoolFactory?.Create(new MemoryPoolOptions { Owner = "quic" }) ?? MemoryPool<byte>.Shared;
        QuicStackScope stack = QuicStackScope.Open(_options.ExecutionProfile, pool);
        var transport = new QuicTransportContext(stack, _options, _logger);
        IMultiplexedConnectionListener listener = QuicConnectionListener.Start(transport, tls, ipEndPoint);
        return ValueTask.FromResult(listener);
    }
}
