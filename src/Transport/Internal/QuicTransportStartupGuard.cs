using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;

namespace QuicKestrel.Transport.Internal;

/// <summary>
/// Runs when the web host builds its pipeline, before Kestrel binds: fails start-up when the
/// multiplexed transport Kestrel would choose is not ours. Kestrel takes the last registered
/// factory that can bind an endpoint, so a later <c>UseKestrel()</c> on a machine with libmsquic
/// would otherwise silently swap HTTP/3 back to msquic.
/// </summary>
internal sealed class QuicTransportStartupGuard(IEnumerable<IMultiplexedConnectionListenerFactory> factories) : IStartupFilter
{
    private static readonly IPEndPoint s_probe = new(IPAddress.Loopback, 443);

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next)
    {
        EnsureQuicKestrelIsChosen(factories);
        return next;
    }

    /// <exception cref="InvalidOperationException">Another factory would serve HTTP/3.</exception>
    internal static void EnsureQuicKestrelIsChosen(IEnumerable<IMultiplexedConnectionListenerFactory> factories)
    {
        IMultiplexedConnectionListenerFactory? chosen = ChosenFactory(factories);
        if (chosen is QuicTransportFactory)
            return;
        string name = chosen?.GetType().FullName ?? "none";
        throw new InvalidOperationException(
            $"UseQuicTransport() was called, but Kestrel would serve HTTP/3 with another multiplexed transport ({name}). "
            + "Something registered it after UseQuicTransport(), e.g. a later UseKestrel() or UseQuic(): call UseQuicTransport() last.");
    }

    // Kestrel's rule: the last registered factory that can bind the endpoint wins.
    private static IMultiplexedConnectionListenerFactory? ChosenFactory(IEnumerable<IMultiplexedConnectionListenerFactory> factories)
    {
        IMultiplexedConnectionListenerFactory? chosen = null;
        foreach (IMultiplexedConnectionListenerFactory factory in factories)
        {
            if (factory is not IConnectionListenerFactorySelector selector || selector.CanBind(s_probe))
                chosen = factory;
        }
        return chosen;
    }
}
