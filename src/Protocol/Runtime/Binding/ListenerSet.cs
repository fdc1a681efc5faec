using System.Net.Sockets;
using QuicKestrel.Protocol.Runtime.Datapath;

namespace QuicKestrel.Protocol.Runtime.Binding;

/// <summary>
/// The listeners of one binding, kept as an immutable array swapped on change so the connection
/// path reads it without a lock. Registration follows MsQuic (QuicBindingRegisterListener):
/// listeners of the same family and address (both wildcard, or the same IP) may not share an
/// ALPN; lookups try specific addresses before wildcards and IPv6 before IPv4 before family-less.
/// </summary>
internal sealed class ListenerSet
{
    private readonly Lock _gate = new();
    private BindingListener[] _listeners = [];

    public int Count => Volatile.Read(ref _listeners).Length;

    /// <summary>False when an existing listener of the same address already serves one of its ALPNs (MsQuic ALPN_IN_USE).</summary>
    public bool TryAdd(BindingListener listener)
    {
        lock (_gate)
        {
            foreach (BindingListener existing in _listeners)
            {
                if (Overlaps(existing, listener))
                    return false;
            }
            // Stable: a new listener goes after those of its own rank (MsQuic inserts at the end of its group).
            int index = 0;
            while (index < _listeners.Length && CompareForLookup(_listeners[index], listener) <= 0)
                index++;
            var next = new BindingListener[_listeners.Length + 1];
            Array.Copy(_listeners, 0, next, 0, index);
            next[index] = listener;
            Array.Copy(_listeners, index, next, index + 1, _listeners.Length - index);
            Volatile.Write(ref _listeners, next);
            return true;
        }
    }

    /// <summary>Removes a listener; returns how many remain.</summary>
    public int Remove(BindingListener listener)
    {
        lock (_gate)
        {
            int index = Array.IndexOf(_listeners, listener);
            if (index < 0)
                return _listeners.Length;
            var next = new BindingListener[_listeners.Length - 1];
            Array.Copy(_listeners, 0, next, 0, index);
            Array.Copy(_listeners, index + 1, next, index, next.Length - index);
            Volatile.Write(ref _listeners, next);
            return next.Length;
        }
    }

    /// <summary>
    /// The listener for a new connection that arrived on <paramref name="local"/> offering
    /// <paramref name="clientAlpnList"/>, with the ALPN it chose (MsQuic QuicBindingGetListener:
    /// the first listener matching the address decides; if it shares no ALPN the next is tried).
    /// </summary>
    public BindingListener? Find(in UdpEndPoint local, ReadOnlySpan<byte> clientAlpnList, out ReadOnlySpan<byte> negotiatedAlpn)
    {
        foreach (BindingListener listener in Volatile.Read(ref _listeners))
        {
            if (!listener.AcceptsAddress(local))
                continue;
            negotiatedAlpn = listener.SelectAlpn(clientAlpnList);
            if (!negotiatedAlpn.IsEmpty)
                return listener;
        }
        negotiatedAlpn = default;
        return null;
    }

    /// <summary>Any listener, e.g. to pick where a connection is hosted before its ALPN is known.</summary>
    public BindingListener? First => Volatile.Read(ref _listeners) is { Length: > 0 } all ? all[0] : null;

    private static bool Overlaps(BindingListener a, BindingListener b)
    {
        if (a.Family != b.Family || a.IsWildcard != b.IsWildcard)
            return false;
        if (!a.IsWildcard && a.Address.WithPort(0) != b.Address.WithPort(0))
            return false;
        return a.SharesAlpnWith(b);
    }

    // IPv6, then IPv4, then family-less; within a family specific addresses before wildcards.
    private static int CompareForLookup(BindingListener x, BindingListener y)
    {
        int family = FamilyRank(x.Family).CompareTo(FamilyRank(y.Family));
        return family != 0 ? family : x.IsWildcard.CompareTo(y.IsWildcard);
    }

    private static int FamilyRank(AddressFamily family) => family switch
    {
        AddressFamily.InterNetworkV6 => 0,
        AddressFamily.InterNetwork => 1,
        _ => 2,
    };
}
