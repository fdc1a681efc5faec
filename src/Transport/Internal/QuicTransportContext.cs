using Microsoft.Extensions.Logging;
using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Transport.Internal;

/// <summary>What a listener shares with its connections and streams.</summary>
internal sealed class QuicTransportContext(QuicStackScope stack, QuicTransportOptions options, ILogger logger)
{
    public QuicStackScope Stack { get; } = stack;

    public QuicApiTable Api => Stack.Api;

    public QuicTransportOptions Options { get; } = options;

    public ILogger Logger { get; } = logger;
}
