using QuicKestrel.Protocol.Connection;
using QuicKestrel.Protocol.Endpoint;

namespace QuicKestrel.Protocol.Runtime.Driver;

/// <summary>
/// Lends a connection its endpoint's connection-ID generator and stateless-reset key, so the IDs
/// it issues have the endpoint's length (and route byte) and their tokens are the ones the
/// endpoint would answer with after forgetting the connection. Both generators are thread-safe.
/// </summary>
internal sealed class EndpointIdentity(QuicEndpoint endpoint) : IConnectionIdGenerator, IStatelessResetTokenGenerator
{
    public ConnectionId NewConnectionId() => new(endpoint.ConnectionIds.Next().Span);

    public StatelessResetToken GetToken(ReadOnlySpan<byte> connectionId)
    {
        Span<byte> token = stackalloc byte[StatelessResetToken.Length];
        endpoint.ResetTokens.Compute(connectionId, token);
        return new StatelessResetToken(token);
    }
}
