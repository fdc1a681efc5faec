using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Endpoint;

internal sealed partial class QuicEndpoint
{
    /// <summary>
    /// Classifies and dispatches one received datagram: to its connection, to a new server
    /// connection, to a stateless reply, or to the floor (counted by reason). The datagram may
    /// be modified in place by the connection. Never throws on network input.
    /// </summary>
    public DispatchOutcome HandleDatagram(long now, Span<byte> datagram, in DatagramAddresses addresses, byte ecn)
    {
        Statistics.OnDatagram();
        if (datagram.IsEmpty)
            return Drop(DropReason.Empty);
        if (!PacketHeader.TryParse(datagram, ConnectionIds.Length, out PacketHeader header))
            return Drop(DropReason.MalformedHeader);
        int slot = FindSlot(header, addresses.Remote);
        if (slot >= 0)
            return Deliver(now, slot, datagram, addresses, ecn, DatagramDisposition.Routed);
        return HandleUnroutable(now, datagram, header, addresses, ecn);
    }

    /// <summary>The connection a parsed packet belongs to, or -1.</summary>
    private int FindSlot(in PacketHeader header, in NetAddress remote)
    {
        // RFC 8999: a packet of a version we do not speak never belongs to one of our connections.
        if (header.Type == PacketType.UnsupportedVersion)
            return -1;
        ReadOnlySpan<byte> dcid = header.DestinationConnectionId;
        int slot;
        if (ConnectionIds.Length == 0)
        {
            if (dcid.IsEmpty && _addressRoutes.TryGetValue(remote, out slot))
                return slot;
        }
        else if (dcid.Length == ConnectionIds.Length && _connectionIds.TryGet(dcid, out slot))
        {
            return slot;
        }
        if (header.IsLongHeader && _initialRoutes.Count > 0 && _initialRoutes.TryGet(dcid, remote, out slot))
            return slot;
        return -1;
    }

    private DispatchOutcome HandleUnroutable(long now, Span<byte> datagram, in PacketHeader header, in DatagramAddresses addresses, byte ecn)
    {
        // RFC 9000 §10.3.1: a datagram that matches no connection may be a stateless reset from a
        // peer that lost state (its leading bytes are random): match its tail against the tokens
        // our connections hold, and let the owner compare in constant time and drain.
        if (datagram.Length >= StatelessResetPacket.MinimumLength && _peerResetTokens.Count > 0
            && _peerResetTokens.TryGet(datagram[^WireLimits.StatelessResetTokenLength..], out int owner))
            return Deliver(now, owner, datagram, addresses, ecn, DatagramDisposition.Routed);

        return header.Type switch
        {
            PacketType.OneRtt => QueueStatelessReset(now, datagram.Length, header, addresses),
            PacketType.UnsupportedVersion => QueueVersionNegotiation(now, datagram.Length, header, addresses),
            PacketType.Initial => HandleNewInitial(now, datagram, header, addresses, ecn),
            PacketType.VersionNegotiation => Drop(DropReason.UnexpectedVersionNegotiation),
            PacketType.ZeroRtt => Drop(DropReason.ZeroRttWithoutConnection),
            _ => Drop(DropReason.UnknownConnection),
        };
    }

    private DispatchOutcome Deliver(long now, int slot, Span<byte> datagram, in DatagramAddresses addresses, byte ecn,
        DatagramDisposition disposition)
    {
        IEndpointConnection connection = _slots[slot].Connection!;
        connection.HandleDatagram(now, datagram, addresses, ecn);
        ProcessConnectionEvents(slot);
        return Statistics.Record(new DispatchOutcome(disposition, DropReason.None, slot));
    }

    private DispatchOutcome Drop(DropReason reason) => Statistics.Record(new DispatchOutcome(DatagramDisposition.Dropped, reason));
}
