using System.Net.Sockets;
using QuicKestrel.Protocol.Runtime.Datapath;

namespace QuicKestrel.Protocol.Runtime.Binding;

/// <summary>
/// A listener as a binding sees it (MsQuic's QUIC_LISTENER on a QUIC_BINDING): the local
/// address it filters on (a wildcard or family-less address takes every address), its ALPNs in
/// preference order, and the API object behind it.
/// </summary>
internal sealed class BindingListener
{
    public BindingListener(UdpEndPoint address, bool wildcard, IReadOnlyList<byte[]> alpns, object owner)
    {
        Address = address;
        IsWildcard = wildcard || address.IsNone || address.IsWildcard;
        Alpns = alpns;
        Owner = owner;
    }

    /// <summary>The address asked for; its port is the binding's.</summary>
    public UdpEndPoint Address { get; }

    /// <summary>No address (or the wildcard of a family): every local address of that family.</summary>
    public bool IsWildcard { get; }

    /// <summary>Unspecified when the listener named no address (it then takes both families).</summary>
    public AddressFamily Family => Address.Family;

    public IReadOnlyList<byte[]> Alpns { get; }

    /// <summary>The API listener (opaque to the runtime).</summary>
    public object Owner { get; }

    /// <summary>True when any ALPN of this listener is also one of <paramref name="other"/>'s.</summary>
    public bool SharesAlpnWith(BindingListener other)
    {
        foreach (byte[] mine in Alpns)
        {
            foreach (byte[] theirs in other.Alpns)
            {
                if (mine.AsSpan().SequenceEqual(theirs))
                    return true;
            }
        }
        return false;
    }

    /// <summary>
    /// The first of our ALPNs (server preference) that the client offers in
    /// <paramref name="clientAlpnList"/> (TLS wire form: a length byte before each name), or an
    /// empty span when none matches.
    /// </summary>
    public ReadOnlySpan<byte> SelectAlpn(ReadOnlySpan<byte> clientAlpnList)
    {
        foreach (byte[] alpn in Alpns)
        {
            ReadOnlySpan<byte> list = clientAlpnList;
            while (list.Length > 0)
            {
                int length = list[0];
                if (length == 0 || length >= list.Length)
                    break;
                if (list.Slice(1, length).SequenceEqual(alpn))
                    return alpn;
                list = list[(1 + length)..];
            }
        }
        return default;
    }

    /// <summary>True when a connection that arrived on <paramref name="local"/> may go to this listener.</summary>
    public bool AcceptsAddress(in UdpEndPoint local)
    {
        if (Family == AddressFamily.Unspecified || local.IsNone)
            return true;
        if (local.Family != Family)
            return false;
        if (IsWildcard)
            return true;
        return local.WithPort(Address.Port) == Address;
    }
}
