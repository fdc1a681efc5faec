using QuicKestrel.Protocol.Connection;
using QuicKestrel.Protocol.Endpoint;

namespace QuicKestrel.Protocol.Runtime.Driver;

// The connection as the endpoint sees it. HandleDatagram runs on the receive thread (queue only);
// TryPollRouteEvent only answers while this connection's worker drains routes under the lock.
internal sealed partial class ConnectionDriver
{
    void IEndpointConnection.HandleDatagram(long now, Span<byte> datagram, in DatagramAddresses addresses, byte ecn)
    {
        if (_binding is { } binding && !_terminated)
            binding.QueueCurrentDatagram(Handle);
    }

    bool IEndpointConnection.TryPollRouteEvent(out RouteEvent routeEvent)
    {
        routeEvent = default;
        if (_connection is not { } connection || _binding is not { } binding || !binding.IsDrainingRoutesFor(this))
            return false;
        while (connection.PollEndpointEvent(out EndpointEvent e))
        {
            switch (e.Kind)
            {
                case EndpointEventKind.ConnectionIdIssued:
                    routeEvent = RouteEvent.ConnectionIdIssued(e.ConnectionId.Span);
                    return true;
                case EndpointEventKind.ConnectionIdRetired:
                    routeEvent = RouteEvent.ConnectionIdRetired(e.ConnectionId.Span);
                    return true;
                case EndpointEventKind.PeerResetTokenActive:
                    routeEvent = RouteEvent.PeerResetTokenActive(e.Token.Span);
                    return true;
                case EndpointEventKind.PeerResetTokenRetired:
                    routeEvent = RouteEvent.PeerResetTokenRetired(e.Token.Span);
                    return true;
                case EndpointEventKind.AddressValidated:
                    routeEvent = RouteEvent.AddressValidated;
                    return true;
                case EndpointEventKind.HandshakeConfirmed:
                    _newTokenWanted = connection.IsServer;
                    routeEvent = RouteEvent.HandshakeConfirmed;
                    return true;
                case EndpointEventKind.Terminated:
                    _terminated = true;
                    Slot = -1;
                    routeEvent = RouteEvent.Drained;
                    return true;
            }
        }
        return false;
    }
}
