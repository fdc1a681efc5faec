namespace QuicKestrel.Protocol.Endpoint;

/// <summary>
/// The endpoint's record of one connection: the connection, every route it owns (so all can be
/// removed when it drains, whatever it reported), its admission accounting and its place in
/// the accept queue. Slot objects are reused, so a steady churn of connections reuses their lists.
/// </summary>
internal sealed class ConnectionSlot
{
    public IEndpointConnection? Connection { get; set; }

    public bool IsServer { get; set; }

    public List<ConnectionIdKey> ConnectionIds { get; } = new(4);

    public List<ConnectionIdKey> PeerResetTokens { get; } = new(4);

    public InitialRouteKey InitialRoute { get; set; }

    public bool HasInitialRoute { get; set; }

    public NetAddress AddressRoute { get; set; }

    public bool HasAddressRoute { get; set; }

    /// <summary>Counted in <see cref="AdmissionControl.HandshakesInProgress"/>.</summary>
    public bool CountsAsHandshake { get; set; }

    /// <summary>Counted in <see cref="AdmissionControl.UnvalidatedBytes"/>.</summary>
    public bool CountsAsUnvalidated { get; set; }

    public bool IsPendingAccept { get; set; }

    public int PendingPrevious { get; set; } = -1;

    public int PendingNext { get; set; } = -1;

    public bool IsLive => Connection is not null;

    public void Reset()
    {
        Connection = null;
        IsServer = false;
        ConnectionIds.Clear();
        PeerResetTokens.Clear();
        InitialRoute = default;
        HasInitialRoute = false;
        AddressRoute = default;
        HasAddressRoute = false;
        CountsAsHandshake = false;
        CountsAsUnvalidated = false;
        IsPendingAccept = false;
        PendingPrevious = -1;
        PendingNext = -1;
    }
}

/// <summary>
/// Slots for the endpoint's connections, addressed by index (what the routing tables map to),
/// with a free list, plus the FIFO of server connections not yet taken by the application,
/// threaded through the slots so removing a connection that drained early costs O(1).
/// </summary>
internal sealed class ConnectionSlotTable
{
    private readonly List<ConnectionSlot> _slots = new();
    private readonly Stack<int> _free = new();
    private int _pendingHead = -1;
    private int _pendingTail = -1;

    public int LiveCount { get; private set; }

    public int PendingCount { get; private set; }

    public ConnectionSlot this[int slot] => _slots[slot];

    public bool IsLive(int slot) => (uint)slot < (uint)_slots.Count && _slots[slot].IsLive;

    public int Allocate(IEndpointConnection connection)
    {
        int slot;
        if (_free.Count > 0)
        {
            slot = _free.Pop();
        }
        else
        {
            slot = _slots.Count;
            _slots.Add(new ConnectionSlot());
        }
        _slots[slot].Connection = connection;
        LiveCount++;
        return slot;
    }

    public void Free(int slot)
    {
        ConnectionSlot entry = _slots[slot];
        if (!entry.IsLive)
            return;
        RemovePending(slot);
        entry.Reset();
        _free.Push(slot);
        LiveCount--;
    }

    public void EnqueuePending(int slot)
    {
        ConnectionSlot entry = _slots[slot];
        entry.IsPendingAccept = true;
        entry.PendingPrevious = _pendingTail;
        entry.PendingNext = -1;
        if (_pendingTail >= 0)
            _slots[_pendingTail].PendingNext = slot;
        else
            _pendingHead = slot;
        _pendingTail = slot;
        PendingCount++;
    }

    public bool TryDequeuePending(out int slot)
    {
        slot = _pendingHead;
        if (slot < 0)
            return false;
        RemovePending(slot);
        return true;
    }

    private void RemovePending(int slot)
    {
        ConnectionSlot entry = _slots[slot];
        if (!entry.IsPendingAccept)
            return;
        if (entry.PendingPrevious >= 0)
            _slots[entry.PendingPrevious].PendingNext = entry.PendingNext;
        else
            _pendingHead = entry.PendingNext;
        if (entry.PendingNext >= 0)
            _slots[entry.PendingNext].PendingPrevious = entry.PendingPrevious;
        else
            _pendingTail = entry.PendingPrevious;
        entry.IsPendingAccept = false;
        entry.PendingPrevious = -1;
        entry.PendingNext = -1;
        PendingCount--;
    }
}
