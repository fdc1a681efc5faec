namespace QuicKestrel.Protocol.Endpoint;

/// <summary>
/// Maps byte strings of at most 20 bytes (connection IDs, stateless reset tokens) to connection
/// slots. Lookups build the key on the stack and hash it with keyed SipHash: no allocation, and
/// no peer-engineered collisions. Entries are owned by a slot, and only the owner removes them,
/// so a late retirement cannot unroute a value another connection has since claimed.
/// Single-threaded; a concurrent runtime can swap the dictionary for a concurrent one.
/// </summary>
internal sealed class RoutingTable
{
    private readonly Dictionary<ConnectionIdKey, int> _map;

    public RoutingTable(SipHashKey hashKey, int capacity = 0) =>
        _map = new Dictionary<ConnectionIdKey, int>(capacity, new ConnectionIdComparer(hashKey));

    public int Count => _map.Count;

    /// <summary>False when <paramref name="key"/> is already routed (to any slot).</summary>
    public bool TryAdd(in ConnectionIdKey key, int slot) => _map.TryAdd(key, slot);

    public bool TryGet(in ConnectionIdKey key, out int slot) => _map.TryGetValue(key, out slot);

    /// <summary>Looks up raw bytes; false for unknown values and for anything longer than 20 bytes.</summary>
    public bool TryGet(ReadOnlySpan<byte> value, out int slot)
    {
        if (!ConnectionIdKey.TryCreate(value, out ConnectionIdKey key))
        {
            slot = -1;
            return false;
        }
        return _map.TryGetValue(key, out slot);
    }

    /// <summary>Removes <paramref name="key"/> only if <paramref name="slot"/> owns it.</summary>
    public bool Remove(in ConnectionIdKey key, int slot)
    {
        if (!_map.TryGetValue(key, out int owner) || owner != slot)
            return false;
        return _map.Remove(key);
    }
}
