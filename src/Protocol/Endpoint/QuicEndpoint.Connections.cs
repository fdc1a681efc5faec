namespace QuicKestrel.Protocol.Endpoint;

internal sealed partial class QuicEndpoint
{
    /// <summary>
    /// Applies the endpoint events a connection has reported (new and retired IDs, peer reset
    /// tokens, validation, confirmation, drained). Called after every datagram routed here; the
    /// runtime calls it after driving a connection itself (timers, PollTransmit, commands).
    /// </summary>
    public void ProcessConnectionEvents(int slot)
    {
        if (!_slots.IsLive(slot))
            return;
        IEndpointConnection connection = _slots[slot].Connection!;
        for (int i = 0; i < MaxEventsPerDrain && connection.TryPollRouteEvent(out RouteEvent e); i++)
        {
            if (e.Kind == RouteEventKind.Drained)
            {
                Release(slot);
                return;
            }
            Apply(slot, e);
        }
    }

    private void Apply(int slot, in RouteEvent e)
    {
        ConnectionSlot entry = _slots[slot];
        switch (e.Kind)
        {
            case RouteEventKind.ConnectionIdIssued:
                AddConnectionId(slot, e.Value);
                break;
            case RouteEventKind.ConnectionIdRetired:
                if (_connectionIds.Remove(e.Value, slot))
                    entry.ConnectionIds.Remove(e.Value);
                break;
            case RouteEventKind.PeerResetTokenActive:
                AddPeerResetToken(slot, e.Value);
                break;
            case RouteEventKind.PeerResetTokenRetired:
                if (_peerResetTokens.Remove(e.Value, slot))
                    entry.PeerResetTokens.Remove(e.Value);
                break;
            case RouteEventKind.AddressValidated:
                if (entry.CountsAsUnvalidated)
                {
                    _admission.OnAddressValidated();
                    entry.CountsAsUnvalidated = false;
                }
                break;
            case RouteEventKind.HandshakeConfirmed:
                EndHandshake(slot);
                break;
        }
    }

    private void AddConnectionId(int slot, in ConnectionIdKey cid)
    {
        ConnectionSlot entry = _slots[slot];
        if (cid.Length != ConnectionIds.Length || cid.IsEmpty || entry.ConnectionIds.Contains(cid))
            return;
        if (entry.ConnectionIds.Count >= _options.MaxConnectionIdsPerConnection)
        {
            Statistics.ConnectionIdLimitHits++;
            return;
        }
        if (!_connectionIds.TryAdd(cid, slot))
        {
            Statistics.ConnectionIdCollisions++;
            return;
        }
        entry.ConnectionIds.Add(cid);
    }

    private void AddPeerResetToken(int slot, in ConnectionIdKey token)
    {
        ConnectionSlot entry = _slots[slot];
        if (token.Length != StatelessResetTokenGenerator.TokenLength || entry.PeerResetTokens.Contains(token)
            || entry.PeerResetTokens.Count >= _options.MaxResetTokensPerConnection)
            return;
        // Two connections holding the same token (one peer reusing it, or a collision): the first keeps it.
        if (!_peerResetTokens.TryAdd(token, slot))
        {
            Statistics.ResetTokenConflicts++;
            return;
        }
        entry.PeerResetTokens.Add(token);
    }

    /// <summary>
    /// The handshake no longer counts against the limits. The original-DCID route stays until the
    /// connection drains: a late duplicate of the client's first Initial then reaches the
    /// connection (which discards it) instead of opening a second, zombie connection.
    /// </summary>
    private void EndHandshake(int slot)
    {
        ConnectionSlot entry = _slots[slot];
        if (entry.CountsAsHandshake)
        {
            _admission.OnHandshakeEnded();
            entry.CountsAsHandshake = false;
        }
    }

    /// <summary>Forgets a drained connection: every route it owns, its accounting, its slot.</summary>
    private void Release(int slot)
    {
        ConnectionSlot entry = _slots[slot];
        foreach (ConnectionIdKey cid in entry.ConnectionIds)
            _connectionIds.Remove(cid, slot);
        foreach (ConnectionIdKey token in entry.PeerResetTokens)
            _peerResetTokens.Remove(token, slot);
        if (entry.HasInitialRoute)
            _initialRoutes.Remove(entry.InitialRoute, slot);
        entry.HasInitialRoute = false;
        if (entry.HasAddressRoute && _addressRoutes.TryGetValue(entry.AddressRoute, out int owner) && owner == slot)
            _addressRoutes.Remove(entry.AddressRoute);
        if (entry.CountsAsHandshake)
            _admission.OnHandshakeEnded();
        if (entry.CountsAsUnvalidated)
            _admission.OnAddressValidated();
        _slots.Free(slot);
    }
}
