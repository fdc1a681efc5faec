using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;

// Kestrel's msquic factory is internal and only registered where libmsquic loads (not here):
// a type with the same full name stands in for it.
namespace Microsoft.AspNetCore.Server.Kestrel.Transport.Quic;

internal sealed class QuicTransportFactory : IMultiplexedConnectionListenerFactory, IConnectionListenerFactorySelector
{
    public bool CanBind(EndPoint endpoint) => endpoint is IPEndPoint;

    public ValueTask<IMultiplexedConnectionListener> BindAsync(EndPoint endpoint, IFeatureCollection? features = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Stands in for Kestrel's msquic transport.");
}
