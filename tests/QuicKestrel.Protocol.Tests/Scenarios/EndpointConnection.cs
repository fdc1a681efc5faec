using System.Net;
using QuicKestrel.Protocol.Connection;
using QuicKestrel.Protocol.Endpoint;

namespace QuicKestrel.Protocol.Tests.Scenarios;

/// <summary>
/// Plugs a <see cref="QuicConnection"/> into a <see cref="QuicEndpoint"/>: datagrams in, the
/// connection's endpoint events out as route events. (The runtime needs the same glue; it lives
/// here until the layer that owns both picks it up.)
/// </summary>
internal sealed class EndpointConnection(QuicConnection connection) : IEndpointConnection
{
    public QuicConnection Connection { get; } = connection;

    public void HandleDatagram(long now, Span<byte> datagram, in DatagramAddresses addresses, byte ecn) =>
        Connection.HandleDatagram(now, datagram, ToPath(addresses), (EcnMarking)(ecn & 3));

    public bool TryPollRouteEvent(out RouteEvent routeEvent)
    {
        while (Connection.PollEndpointEvent(out EndpointEvent e))
        {
            routeEvent = e.Kind switch
            {
                EndpointEventKind.ConnectionIdIssued => RouteEvent.ConnectionIdIssued(e.ConnectionId.Span),
                EndpointEventKind.ConnectionIdRetired => RouteEvent.ConnectionIdRetired(e.ConnectionId.Span),
                EndpointEventKind.PeerResetTokenActive => RouteEvent.PeerResetTokenActive(e.Token.Span),
                EndpointEventKind.PeerResetTokenRetired => RouteEvent.PeerResetTokenRetired(e.Token.Span),
                EndpointEventKind.AddressValidated => RouteEvent.AddressValidated,
                EndpointEventKind.HandshakeConfirmed => RouteEvent.HandshakeConfirmed,
                _ => RouteEvent.Drained,
            };
            return true;
        }
        routeEvent = default;
        return false;
    }

    public static PathAddresses ToPath(in DatagramAddresses addresses) => new(ToNetwork(addresses.Local), ToNetwork(addresses.Remote));

    public static NetworkAddress ToNetwork(in NetAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        int length = address.WriteAddress(bytes);
        return length == 0 ? default : new NetworkAddress(bytes[..length], address.Port);
    }

    public static NetAddress ToNet(in NetworkAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        int length = address.WriteAddress(bytes);
        return new NetAddress(bytes[..length], address.Port);
    }

    public static NetAddress ToNet(IPEndPoint endPoint) => NetAddress.FromIPEndPoint(endPoint);
}

/// <summary>The endpoint's connection ID generator and reset-token key, as the connection's interfaces.</summary>
internal sealed class EndpointIdentity(QuicEndpoint endpoint) : IConnectionIdGenerator, IStatelessResetTokenGenerator
{
    public ConnectionId NewConnectionId() => new(endpoint.NewConnectionId().Span);

    public StatelessResetToken GetToken(ReadOnlySpan<byte> connectionId)
    {
        Span<byte> token = stackalloc byte[StatelessResetToken.Length];
        endpoint.ResetTokens.Compute(connectionId, token);
        return new StatelessResetToken(token);
    }
}
