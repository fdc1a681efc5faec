using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Endpoint;

/// <summary>The client-chosen Destination Connection ID of a handshake plus the client's address.</summary>
internal readonly record struct InitialRouteKey(ConnectionIdKey DestinationConnectionId, NetAddress Remote);

/// <summary>
/// Routes a client's packets that still carry the Destination Connection ID it chose (its first
/// Initials and first-flight 0-RTT, RFC 9000 §7.2) until the connection drains (so late
/// duplicates of its first Initial cannot open a second connection). Keyed by
/// that ID and the client's address: the ID is peer-chosen and visible, so an off-path packet
/// with the same ID from another address must not reach the connection. The hash is keyed.
/// </summary>
internal sealed class InitialRouteTable
{
    private readonly Dictionary<InitialRouteKey, int> _map;

    public InitialRouteTable(SipHashKey hashKey) => _map = new Dictionary<InitialRouteKey, int>(new Comparer(hashKey));

    public int Count => _map.Count;

    public bool TryAdd(in InitialRouteKey key, int slot) => _map.TryAdd(key, slot);

    public bool TryGet(ReadOnlySpan<byte> destinationConnectionId, in NetAddress remote, out int slot)
    {
        if (!ConnectionIdKey.TryCreate(destinationConnectionId, out ConnectionIdKey cid))
        {
            slot = -1;
            return false;
        }
        return _map.TryGetValue(new InitialRouteKey(cid, remote), out slot);
    }

    public bool Remove(in InitialRouteKey key, int slot)
    {
        if (!_map.TryGetValue(key, out int owner) || owner != slot)
            return false;
        return _map.Remove(key);
    }

    private sealed class Comparer(SipHashKey key) : IEqualityComparer<InitialRouteKey>
    {
        // Connection ID, address (16), port (2), length byte.
        private const int MaxInput = WireLimits.MaxConnectionIdLength + NetAddress.IPv6Length + 3;

        public bool Equals(InitialRouteKey x, InitialRouteKey y) =>
            x.DestinationConnectionId.Equals(y.DestinationConnectionId) && x.Remote.Equals(y.Remote);

        public int GetHashCode(InitialRouteKey value)
        {
            Span<byte> input = stackalloc byte[MaxInput];
            ReadOnlySpan<byte> cid = value.DestinationConnectionId.Span;
            input[0] = (byte)cid.Length;
            cid.CopyTo(input[1..]);
            int n = 1 + cid.Length;
            n += value.Remote.WriteAddress(input[n..]);
            input[n++] = (byte)(value.Remote.Port >> 8);
            input[n++] = (byte)value.Remote.Port;
            ulong hash = SipHash.Compute(key, input[..n]);
            return (int)(hash ^ (hash >> 32));
        }
    }
}
