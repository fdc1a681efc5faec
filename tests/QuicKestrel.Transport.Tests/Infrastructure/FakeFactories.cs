using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;

namespace QuicKestrel.Transport.Tests.Infrastructure;

/// <summary>Another multiplexed transport, as a later UseKestrel()/UseQuic() would register.</summary>
internal sealed class OtherMultiplexedFactory : IMultiplexedConnectionListenerFactory
{
    public ValueTask<IMultiplexedConnectionListener> BindAsync(EndPoint endpoint, IFeatureCollection? features = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("This fake transport must never be chosen.");
}

/// <summary>A multiplexed transport that binds nothing over IP (e.g. one for named pipes).</summary>
internal sealed class NonIpMultiplexedFactory : IMultiplexedConnectionListenerFactory, IConnectionListenerFactorySelector
{
    public bool CanBind(EndPoint endpoint) => endpoint is not IPEndPoint;

    public ValueTask<IMultiplexedConnectionListener> BindAsync(EndPoint endpoint, IFeatureCollection? features = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();
}
